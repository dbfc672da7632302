/**
 * Sanity checks for what a person types into the enrolment form: their full name and commune.
 * Kind rather than strict: people type without accents, in capitals, with one word; we tidy
 * what we can and only refuse what an officer could not use (digits in a name, a whole sentence).
 */
import { foldVi } from '../text/fold.js';

export type NameCheck =
  | { ok: true; name: string; /** only one word: we ask once for the full name, then accept */ singleWord: boolean }
  | { ok: false; reason: 'length' | 'digits' | 'characters' };

const NAME_MIN = 2;
const NAME_MAX = 60;

/** Tidies and checks a full name: 2–60 characters, letters and spaces only. */
export function checkName(raw: string): NameCheck {
  const name = tidy(raw).replace(/\s*[.,]+$/, '');
  if (name.length < NAME_MIN || name.length > NAME_MAX) return { ok: false, reason: 'length' };
  if (/\d/.test(name)) return { ok: false, reason: 'digits' };
  // Letters (any script, with their combining marks) and single spaces; an apostrophe or hyphen
  // inside a word is allowed for names of ethnic minorities written in Latin (H'Hen Niê, Ksor-Y).
  if (!/^\p{L}[\p{L}\p{M}]*(?:['’-]?[\p{L}\p{M}]+)*(?: \p{L}[\p{L}\p{M}]*(?:['’-]?[\p{L}\p{M}]+)*)*$/u.test(name)) {
    return { ok: false, reason: 'characters' };
  }
  return { ok: true, name: capitalise(name), singleWord: !name.includes(' ') };
}

/**
 * "nguyen van an" or "NGUYỄN VĂN AN" → "Nguyen Van An" / "Nguyễn Văn An"; a name typed with its own
 * mix of cases is left as the person wrote it.
 */
function capitalise(name: string): string {
  const mixed = name !== name.toLowerCase() && name !== name.toUpperCase();
  if (mixed) return name;
  return name
    .toLowerCase()
    .split(' ')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

export type CommuneCheck = { ok: true; commune: string } | { ok: false };

const COMMUNE_MAX = 80;

/** A commune/ward is free text ("xã Mỏ Cày", "phường 3"): letters, digits and light punctuation. */
export function checkCommune(raw: string): CommuneCheck {
  const commune = tidy(raw);
  if (commune.length < 2 || commune.length > COMMUNE_MAX) return { ok: false };
  if (!/\p{L}/u.test(commune)) return { ok: false };
  if (!/^[\p{L}\p{M}\p{N} .,'’/()-]+$/u.test(commune)) return { ok: false };
  // A leading = + - @ makes a spreadsheet cell a formula; no place name starts that way.
  if (/^[=+\-@]/.test(commune)) return { ok: false };
  return { ok: true, commune };
}

/** "bỏ qua", "không", "ko": the person does not want to give a commune. */
export function isSkip(raw: string): boolean {
  return /^(?:bo qua|bo|qua|skip|khong|ko|k|khong co|khong can|thoi khoi|khoi|next|tiep)$/.test(foldVi(raw));
}

function tidy(raw: string): string {
  return (typeof raw === 'string' ? raw : '').normalize('NFC').replace(/\s+/g, ' ').trim();
}
