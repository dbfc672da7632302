/**
 * What the learnt tables (src/text/aside-words.json, src/text/bridge-words.json) are built from: which
 * question sets, and, for each in-scope question, the engine's plan of it and which of its words the
 * right item holds, read with the tables off so that a rebuild does not feed on itself.
 */
import { NO_SEARCH } from '../../src/engine/engine.js';
import { matchTerm, planQuestion, type Plan } from '../../src/engine/query-plan.js';
import { DEFAULT_PARAMS, type RankParams } from '../../src/engine/rank-params.js';
import { KNOWN_SETS, loadKnownSet, type LoadedSet, type Question, type SetName } from './sets.js';

/** Question sets never used to build the tables: measured out of sample (README, "Measured figures"). */
export const VALIDATION_SETS: readonly SetName[] = ['pack-blind-10', 'pack-blind-11', 'highlands-and-mekong'];
/** Generated from the content by our own templates: not how people write. */
export const GENERATED_SETS: readonly SetName[] = ['generated-eval-pack', 'generated-content'];
/** Written blind for the current round and scored only at its end: out of the tables until then. */
export const ROUND_BLIND_SETS: readonly SetName[] = ['pack-blind-58', 'pack-blind-59', 'karst-and-rubber', 'gates-and-lagoons'];
/** The sets the learnt tables are built from. */
export const TABLE_SETS: readonly SetName[] = (Object.keys(KNOWN_SETS) as SetName[]).filter(
  (n) => !VALIDATION_SETS.includes(n) && !GENERATED_SETS.includes(n) && !ROUND_BLIND_SETS.includes(n),
);

/** The ranker without the learnt tables: what the words themselves match. */
export const WITHOUT_TABLES: RankParams = { ...DEFAULT_PARAMS, asideDamp: 0, bridge: 0 };

/** An in-scope question as the engine plans it, and its right items. */
export interface RightItemReading {
  question: Question;
  plans: Plan[];
  /** The first expected id the content has, and the slots of all that it has (sorted). */
  firstId: string;
  slots: Int32Array;
  /** Whether any of `slots` holds the planned word. */
  held(plan: Plan, slots: Int32Array): boolean;
}

/** The set's in-scope questions that search (not a command) and whose right item the content has. */
export function* rightItemReadings(set: LoadedSet): Generator<RightItemReading> {
  const index = set.engine.index;
  const held = (plan: Plan, slots: Int32Array) => matchTerm((term) => index.weightsOf(term, slots), plan, slots.length).some((m) => m > 0);
  for (const question of set.questions) {
    if (question.expect.length === 0) continue;
    const { intent, analysis } = set.engine.understand(question.q);
    if (NO_SEARCH.has(intent)) continue;
    const slots = Int32Array.from(question.expect.map((id) => index.slotOf(id)).filter((s) => s >= 0)).sort();
    const firstId = question.expect.find((id) => index.has(id));
    if (firstId === undefined) continue;
    yield { question, plans: planQuestion(index, analysis.terms, WITHOUT_TABLES), firstId, slots, held };
  }
}

/** Loads each of TABLE_SETS in turn for `visit`; the names of those found. */
export async function forEachTableSet(visit: (set: LoadedSet) => void | Promise<void>): Promise<string[]> {
  const used: string[] = [];
  for (const name of TABLE_SETS) {
    const set = await loadKnownSet(name);
    if (!set) continue;
    await visit(set);
    used.push(name);
    await set.close();
  }
  return used;
}
