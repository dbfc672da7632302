/**
 * Scoring every candidate of a question: the evidence of the words and word pairs it matches, the
 * share of it from the asking sentences, and its province and kind factor. The hottest loop of a
 * question, kept apart from the ranker and fed only numbers and typed arrays, so the optimising
 * compiler keeps one version of it.
 */
import type { SearchIndex } from './search-index.js';

/** A question word matched only as a syllable of the item's province name keeps this share. */
const PLACE_WORD_SHARE = 0.2;

/** What scoring the candidates needs: numbers and typed arrays only, so the loop stays monomorphic. */
export interface CandidateInput {
  index: SearchIndex;
  slots: Int32Array;
  /** Factor by the index's province id and kind id of a slot. */
  provinceFactor: Float64Array;
  kindFactor: Float64Array;
  /** 1 at the province ids the question named. */
  askedMask: Uint8Array;
  /** The factor of an item elsewhere that holds every district or commune name asked (0: none asked). */
  namedHere: number;
  /** Positions (among the active words) of the district and commune names. */
  placeActive: Int32Array;
  /** Per active word: its match in each candidate, weight, coverage share, and the share of it not missed where absent. */
  matches: Float32Array[];
  weight: Float64Array;
  share: Float64Array;
  forgive: Float64Array;
  /** [word × provinceCount + province id] = 1 when the word is a syllable of that province's name. */
  inNameMask: Uint8Array;
  /** Per adjacent pair: its weight (pair constant × weight × idf), coverage share and matches. */
  pairWeight: Float64Array;
  pairShare: Float64Array;
  pairMatches: Float32Array[];
  placeWeight: number;
}

export interface CandidateScores {
  evidenceOf: Float64Array;
  askingOf: Float64Array;
  factorOf: Float64Array;
  /** The province's part of `factorOf`: what the place asked, not the topic, gives the item. */
  placeFactorOf: Float64Array;
  /** The kind's part of `factorOf` (kindDamp, kindLean): what the confidence weighs by kindConfidence. */
  kindFactorOf: Float64Array;
  /** evidence × factor, −1 for an excluded candidate. */
  rankOf: Float64Array;
  forgivenMissOf: Float64Array;
  placeNamedOf: Uint8Array;
}

/** Every candidate's evidence, asking evidence and factor (see the module's comment). */
export function scoreCandidates(c: CandidateInput): CandidateScores {
  const { index, slots, provinceFactor, kindFactor, askedMask, namedHere, placeActive, matches, weight, share, forgive, inNameMask, pairWeight, pairShare, pairMatches, placeWeight } = c;
  const m = slots.length;
  const words = matches.length;
  const provinceCount = askedMask.length;
  const out: CandidateScores = {
    evidenceOf: new Float64Array(m),
    askingOf: new Float64Array(m),
    factorOf: new Float64Array(m),
    placeFactorOf: new Float64Array(m),
    kindFactorOf: new Float64Array(m),
    rankOf: new Float64Array(m).fill(-1),
    forgivenMissOf: new Float64Array(m),
    placeNamedOf: new Uint8Array(m),
  };
  for (let ci = 0; ci < m; ci++) {
    const slot = slots[ci]!;
    const province = index.provinceAt(slot);
    const kind = kindFactor[index.kindAt(slot)]!;
    let factor = provinceFactor[province]! * kind;
    if (factor === 0) continue;
    if (namedHere > 0 && province > 0 && askedMask[province] === 0) {
      let all = true;
      for (let i = 0; i < placeActive.length && all; i++) all = matches[placeActive[i]!]![ci]! > 0;
      if (all) {
        factor = namedHere * kind;
        out.placeNamedOf[ci] = 1;
      }
    }
    let evidence = 0;
    let askingEvidence = 0;
    let forgivenMiss = 0;
    for (let k = 0; k < words; k++) {
      const mt = matches[k]![ci]!;
      if (mt === 0) {
        forgivenMiss += weight[k]! * share[k]! * forgive[k]!;
        continue;
      }
      const inName = province > 0 && inNameMask[k * provinceCount + province] === 1;
      const e = weight[k]! * mt * (inName ? PLACE_WORD_SHARE : 1);
      evidence += e;
      askingEvidence += e * share[k]!;
    }
    for (let pi = 0; pi < pairWeight.length; pi++) {
      const e = pairWeight[pi]! * pairMatches[pi]![ci]!;
      evidence += e;
      askingEvidence += e * pairShare[pi]!;
    }
    if (placeWeight > 0 && (province === 0 || askedMask[province] === 1)) {
      const e = placeWeight * (province === 0 ? 0.5 : 1);
      evidence += e;
      askingEvidence += e;
    }
    out.evidenceOf[ci] = evidence;
    out.askingOf[ci] = askingEvidence;
    out.factorOf[ci] = factor;
    out.placeFactorOf[ci] = kind > 0 ? factor / kind : 0;
    out.kindFactorOf[ci] = kind;
    out.forgivenMissOf[ci] = forgivenMiss;
    out.rankOf[ci] = evidence * factor;
  }
  return out;
}
