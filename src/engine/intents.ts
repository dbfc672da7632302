/**
 * Intent detection on the folded, abbreviation-expanded question. Rules, not a model: the intents
 * are few and their wording is formulaic ("đăng ký nhận tin", "hủy đăng ký", "liên hệ"), and a rule
 * that misfires is easy to see and fix. Anything else is a question ('ask') for the search.
 */

export const INTENTS = [
  'greeting',
  'help',
  'menu',
  'contact',
  'ask',
  'enroll',
  'my_enrollments',
  'cancel_enrollment',
  'subscribe',
  'unsubscribe',
  'my_subscriptions',
  'erase_data',
  'thanks',
  'officer',
] as const;
export type Intent = (typeof INTENTS)[number];

interface Rule {
  intent: Intent;
  pattern: RegExp;
  /** Words the rule consumed: they are a command, not something to search for. */
  strip?: RegExp;
}

const DK = '(?:dang ky|dang ki|dki|ghi danh|dang ky hoc)';
const NEWS = '(?:nhan tin|nhan thong bao|nhan tin tuc|theo doi|tin moi|thong bao|ban tin|nhan ban tin)';

const RULES: Rule[] = [
  { intent: 'erase_data', pattern: /\b(?:xoa|huy|bo) (?:het )?(?:thong tin|du lieu)(?: ca nhan)?(?: cua (?:toi|minh|em))?\b/ },
  // "không nhận tin nữa" / "không muốn nhận tin" stop; "sao không nhận được tin" is a complaint, not a stop.
  { intent: 'unsubscribe', pattern: /^(?:stop|unsubscribe|dung lai|ngung)$|\b(?:huy|ngung|dung|thoi|bo) (?:nhan |theo doi )?(?:tin|thong bao|ban tin|dang ky nhan tin)\b|\bkhong (?:muon )?nhan (?:tin|thong bao|ban tin) nua\b|\bkhong muon nhan (?:tin|thong bao|ban tin)\b/, strip: /\b(?:huy|ngung|dung|thoi|bo|stop) (?:nhan |theo doi |dang ky nhan )?(?:tin tuc|tin|thong bao|ban tin)\b/g },
  { intent: 'my_subscriptions', pattern: /\b(?:tin|muc) (?:da|dang) (?:dang ky|theo doi)\b|\bdang theo doi (?:gi|nhung gi)\b|\bxem (?:cac )?dang ky nhan tin\b/ },
  { intent: 'subscribe', pattern: new RegExp(`\\b${DK} ${NEWS}\\b|\\b${NEWS} (?:ve )?(?:hoi cho|dao tao|chinh sach|ke hoach|khoa hoc)|^(?:subscribe|theo doi)\\b`), strip: new RegExp(`\\b(?:${DK} )?${NEWS}\\b`, 'g') },
  { intent: 'my_enrollments', pattern: /\b(?:lop|khoa|khoa hoc) (?:da|dang|minh da|toi da|em da) (?:dang ky|ghi danh)\b|\b(?:toi|minh|em|tui) da (?:dang ky|ghi danh) (?:nhung |cac )?(?:lop|khoa)(?: hoc)? (?:nao|gi)\b|\bxem (?:lai )?(?:cac )?(?:lop |khoa )?(?:da )?dang ky\b/ },
  // Cancelling or withdrawing after an enrolment already made ("đăng ký rồi … thì hủy sao", "rút tên"),
  // or no longer able to attend ("không đi học được nữa").
  { intent: 'cancel_enrollment', pattern: /\b(?:huy|rut) (?:dang ky|ghi danh)(?! nhan)\b|\bkhong (?:muon |the )?(?:di )?hoc (?:duoc )?nua\b|\bxin rut\b|\brut ten\b|\b(?:dang ky|ghi danh)\b(?! nhan).*\b(?:muon|xin|can) (?:huy|rut|bo)\b|\b(?:dang ky|ghi danh)\b(?! nhan)(?: \S+){0,4} roi\b.*\bhuy\b/ },
  { intent: 'enroll', pattern: new RegExp(`\\b(?:muon |xin |can |cho )?${DK}(?! nhan)\\b|\\bghi ten\\b|\\bdang ky (?:lop|khoa)\\b`), strip: /\b(?:dang ky|dang ki|dki|ghi danh|ghi ten)\b/g },
  { intent: 'contact', pattern: /\b(?:lien he|so dien thoai|hotline|tong dai|tu van vien|goi ai|dia chi lien he)\b|\bxin (?:so|sdt)\b|^(?:cho (?:xin |minh |em |toi )?)?(?:so )?(?:dien thoai )?tu van$/, strip: /\b(?:lien he|so dien thoai|dien thoai|hotline|tong dai|tu van(?: vien)?|dia chi|goi)\b/g },
  { intent: 'help', pattern: /^\/help\b|^(?:help|huong dan|tro giup|giup (?:toi|minh|em|do)|bot (?:lam duoc|biet) gi|lam sao (?:de )?dung|cach dung)\b/, strip: /\b(?:help|huong dan|tro giup|giup do|cach dung)\b/g },
  { intent: 'menu', pattern: /^(?:\/menu|menu|bat dau|trang chu|quay lai|ve menu|danh muc)$/ },
  { intent: 'thanks', pattern: /^(?:cam on|thank|thanks|ok|oke|oki|da|vang|u|duoc roi)(?: (?:ban|bot|nhieu|nha|nhe|a|em|anh|chi|ad|admin))*$/ },
  { intent: 'greeting', pattern: /^(?:\/start|xin chao|chao|hello|hi|hey|alo|helo|chao ban|chao bot|chao ad|chao admin)(?: (?:ban|bot|ad|admin|a|em|anh|chi|nha|nhe|moi nguoi|ca nha|buoi sang|buoi chieu|buoi toi))*$/ },
];

/**
 * Asks to be enrolled ("em muốn đăng ký học may", "cho em ghi danh lớp hàn được không", "đăng ký
 * giúp em"), as opposed to asking about enrolling ("14 tuổi đăng ký được chưa", "ghi danh cần giấy
 * gì"): a wish or a request before the enrolment words, or a request for someone after them.
 */
const ENROL_REQUEST = new RegExp(
  `\\b(?:muon|xin|cho (?:toi|tui|minh|em|con|chau|anh|chi|co|chu|bac)|giup (?:toi|tui|minh|em|con|chau))(?: (?:duoc|di|lam|nop))? ${DK}\\b|\\b${DK} (?:cho|giup|gium|dum) (?:toi|tui|minh|em|con|chau)\\b`,
);

export function requestsEnrolment(folded: string): boolean {
  return ENROL_REQUEST.test(folded);
}

export interface IntentResult {
  intent: Intent;
  /** The folded question with command words removed: what is left to search for. */
  rest: string;
  /** The command's own words ("dang", "ky" of "đăng ký lớp hàn"): they say what to do, not what about. */
  commandWords: ReadonlySet<string>;
}

/** Officer commands, read from the raw text: folding drops the slash that makes them commands. */
const OFFICER_COMMAND = /^\/(?:admin|officer|thongke|xuat|export|announce|thongbao)(?:@\w+)?(?:\s|$)/i;

/** `raw` is the cleaned text before folding; without it slash commands are not recognised. */
export function detectIntent(folded: string, raw?: string): IntentResult {
  const text = folded.trim();
  const none: ReadonlySet<string> = new Set();
  if (raw !== undefined && OFFICER_COMMAND.test(raw.trim())) return { intent: 'officer', rest: '', commandWords: none };
  if (!text) return { intent: 'help', rest: '', commandWords: none };
  for (const rule of RULES) {
    if (rule.pattern.test(text)) {
      const rest = rule.strip ? text.replace(rule.strip, ' ').replace(/\s+/g, ' ').trim() : text;
      const commandWords = new Set((rule.strip ? text.match(rule.strip) ?? [] : []).flatMap((m) => m.split(' ')));
      return { intent: rule.intent, rest, commandWords };
    }
  }
  return { intent: 'ask', rest: text, commandWords: none };
}
