/**
 * Domain phrase equivalences (folded). Users describe the same need in everyday words that the
 * content does not use ("mất việc" for "thất nghiệp", "mấy tháng" for "bao lâu"). Each group lists
 * phrasings that mean the same thing; a phrase found in a question may be matched by any other.
 * This is general vocabulary of the domain, not a list of test questions.
 */
export const PHRASE_GROUPS: readonly (readonly string[])[] = [
  // duration
  ['bao lau', 'mat bao lau', 'hoc bao lau', 'mat may thang', 'may thang', 'bao nhieu thang', 'may tuan', 'bao nhieu tuan', 'may ngay', 'bao nhieu ngay', 'keo dai', 'thoi gian hoc'],
  // when a course starts
  ['khai giang', 'bat dau', 'bat dau hoc', 'mo lop', 'nhap hoc'],
  // age
  // (being old is a question about the age limit: "lớn tuổi có học được không")
  ['bao nhieu tuoi', 'may tuoi', 'do tuoi', 'tuoi nao', 'gioi han tuoi', 'lon tuoi', 'cao tuoi', 'nguoi lon tuoi', 'nguoi cao tuoi', 'nguoi gia', 'tuoi'],
  // cost
  // ("mất", "tốn", "hết" before the amount asked: what something costs)
  ['hoc phi', 'chi phi', 'mat tien', 'mat phi', 'ton tien', 'ton phi', 'bao nhieu tien', 'mat bao nhieu tien', 'ton bao nhieu tien', 'het bao nhieu tien', 'phi', 'le phi', 'tien hoc'],
  ['mien phi', 'khong mat tien', 'khong ton tien', 'free', 'khong phai dong tien', 'khong thu tien'],
  // the domain's own words, so an unmatched one weighs like a domain phrase, not like a rare word
  ['nong thon', 'lang que', 'vung que', 'nong dan', 'lam nong', 'lam ruong', 'nha nong'],
  ['cong ty', 'doanh nghiep', 'xi nghiep', 'noi lam viec', 'chu lao dong'],
  ['to chuc', 'dien ra', 'khai mac', 'mo cua'],
  ['san xuat', 'co so san xuat', 'xuong san xuat'],
  // how many a course takes
  ['so cho', 'chi tieu', 'bao nhieu nguoi', 'may nguoi', 'bao nhieu cho', 'may cho', 'so hoc vien', 'bao nhieu hoc vien'],
  // requirements
  ['dieu kien', 'tieu chi', 'tieu chuan', 'yeu cau'],
  // a full class, a missed deadline
  ['het cho', 'day cho', 'du nguoi', 'khong con cho', 'het suat', 'het slot'],
  ['het han', 'qua han', 'tre han', 'lo han'],
  // the last day to enrol
  ['han dang ky', 'han chot', 'han cuoi', 'thoi han dang ky', 'han nop', 'han ghi danh'],
  // studying again, after the course
  ['hoc tiep', 'hoc them', 'hoc lai', 'hoc lan nua', 'hoc nhieu lan', 'hoc lop khac'],
  ['hoc xong', 'sau khi hoc', 'hoc ra', 'ra truong', 'sau khoa hoc'],
  // allowances while studying
  ['tien an', 'tien an trua', 'an trua', 'tien com', 'bua an'],
  ['tien di lai', 'tien xe', 'tien tau xe', 'tien xang xe', 'tien di duong', 'tien xang'],
  // losing a job
  ['that nghiep', 'mat viec', 'nghi viec', 'cho nghi viec', 'bi duoi viec', 'mat viec lam', 'khong co viec', 'het viec'],
  // working abroad
  ['xuat khau lao dong', 'di lam viec o nuoc ngoai', 'lam viec o nuoc ngoai', 'di nuoc ngoai', 'di lam nuoc ngoai', 'di nhat', 'di nhat ban', 'di han', 'di han quoc', 'di dai loan', 'xuat canh'],
  // a country is somewhere abroad
  ['nuoc ngoai', 'nhat ban', 'han quoc', 'dai loan', 'chau au', 'trung dong', 'malaysia', 'singapore'],
  // quitting a course
  ['huy dang ky', 'khong muon hoc nua', 'khong hoc nua', 'bo hoc', 'thoi hoc', 'rut ten', 'khong di hoc nua'],
  // pension / social insurance
  ['luong huu', 'luc gia', 'khi gia', 've gia', 'huu tri'],
  ['bao hiem xa hoi', 'bhxh'],
  // starting a business
  ['khoi nghiep', 'khoi su', 'mo co so', 'mo tiem', 'mo cua hang', 'lam chu', 'kinh doanh rieng', 'mo xuong'],
  // loans
  ['vay von', 'vay tien', 'muon tien', 'von vay', 'tin dung', 'ngan hang chinh sach'],
  // evening / weekend classes
  ['buoi toi', 'ban dem', 'toi toi', 'hoc toi', 'ngoai gio', 'cuoi tuan', 'thu bay', 'thu 7', 'chu nhat'],
  // disability
  ['khuyet tat', 'tan tat', 'nguoi tan tat', 'khiem thi', 'khuyet tat van dong'],
  // certificate
  ['chung chi', 'cap bang', 'co bang', 'phat bang', 'van bang', 'giay chung nhan', 'chung nhan'],
  // jobs after training
  ['viec lam', 'co viec', 'xin viec', 'tim viec', 'gioi thieu viec'],
  // trades
  ['han', 'han dien', 'tho han', 'han xi', 'han tig'],
  ['may mac', 'may cong nghiep', 'tho may', 'may quan ao', 'cat may'],
  ['dien dan dung', 'sua dien', 'tho dien', 'dien nha'],
  ['sua xe', 'sua xe may', 'co khi', 'sua may'],
  ['may nong nghiep', 'may cay', 'may gat', 'may xoi'],
  ['nuoi tom', 'thuy san', 'nuoi ca', 'nuoi trong thuy san'],
  ['trong nam', 'nam rom', 'nuoi trong nam'],
  ['nuoc mam', 'mam'],
  ['may tre dan', 'dan lat', 'dan dat', 'dan may tre', 'may tre', 'dan gio', 'dan ro'],
  ['gom', 'gom su', 'lam gom', 'do gom'],
  ['hoi cho', 'trien lam', 'phien cho', 'cho phien', 'ngay hoi', 'festival'],
  ['chinh sach', 'che do', 'ho tro', 'tro cap', 'uu dai'],
  ['ke hoach', 'de an', 'chuong trinh'],
  ['dao tao nghe', 'hoc nghe', 'day nghe', 'truyen nghe', 'tap huan'],
  ['lang nghe', 'nghe truyen thong'],
  ['ocop', 'san pham ocop', 'moi xa mot san pham'],
  ['khuyen cong', 'khuyen cong quoc gia', 'khuyen cong dia phuong'],
  ['phu nu', 'chi em', 'lao dong nu', 'nu'],
  ['dan toc thieu so', 'dong bao dan toc', 'nguoi dan toc'],
  ['ho ngheo', 'ngheo', 'can ngheo', 'kho khan', 'khong co tien', 'thieu tien'],
  ['giay to', 'ho so', 'thu tuc', 'can gi'],
  // leaving the army, a group the support policies name
  ['xuat ngu', 'ra quan', 'bo doi xuat ngu', 'di bo doi ve', 'di nghia vu ve'],
];

export interface PhraseIndex {
  /** First token → phrases (as token arrays) starting with it, longest first. */
  byFirstToken: Map<string, { tokens: string[]; group: number }[]>;
  groups: string[][][];
}

export function buildPhraseIndex(groups: readonly (readonly string[])[] = PHRASE_GROUPS): PhraseIndex {
  const byFirstToken = new Map<string, { tokens: string[]; group: number }[]>();
  const tokenGroups = groups.map((g) => g.map((p) => p.split(' ')));
  tokenGroups.forEach((phrases, group) => {
    for (const tokens of phrases) {
      const first = tokens[0]!;
      const list = byFirstToken.get(first) ?? [];
      list.push({ tokens, group });
      byFirstToken.set(first, list);
    }
  });
  for (const list of byFirstToken.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  return { byFirstToken, groups: tokenGroups };
}
