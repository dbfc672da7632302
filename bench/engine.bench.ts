/**
 * Engine benchmark: generated stores of 1k, 10k and 100k items with long text; for each size,
 * start-up (store open + index ready), median and p95 time per question, and peak memory (RSS).
 * Each start runs in its own child process so peak memory is that run's alone. Two starts per
 * size: "cold" indexes every item from the store (first start after an import; it then writes the
 * index snapshot), "warm" restores that snapshot (every later restart).
 *
 *   node --import tsx bench/engine.bench.ts [--sizes 1000,10000,100000]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContentItem } from '../src/content/model.js';

const TRADES = ['hàn điện', 'may công nghiệp', 'điện dân dụng', 'sửa xe máy', 'mây tre đan', 'gốm', 'nấm rơm', 'nuôi tôm', 'làm bánh', 'thêu', 'dệt thổ cẩm', 'chế biến nước mắm', 'sơn mài', 'cơ khí', 'trồng rau sạch', 'nuôi ong', 'kỹ thuật chăn nuôi', 'tin học văn phòng', 'nấu ăn', 'cắt tóc'];
const PROVINCES = ['Vĩnh Long', 'Bến Tre', 'Trà Vinh', 'An Giang', 'Kiên Giang', 'Hà Nội', 'Bình Thuận', 'Lâm Đồng', 'Đồng Tháp', 'Tiền Giang', 'Cần Thơ', 'Sóc Trăng', 'Huế', 'Thanh Hóa', 'Nghệ An', 'Sơn La', 'Gia Lai', 'Đắk Lắk', 'Cà Mau', 'Bạc Liêu'];
const PLACES = ['xã Mỹ An', 'xã Thanh Bình', 'phường 1', 'xã Trung Thành', 'xã Phú Vinh', 'xã Tân Hòa', 'xã An Bình', 'xã Long Hựu'];
const FILLER = 'Người học được hỗ trợ tiền ăn, tiền đi lại theo quy định; học xong được cấp chứng chỉ sơ cấp và giới thiệu việc làm tại các doanh nghiệp, hợp tác xã trên địa bàn. Lớp học tổ chức linh hoạt theo mùa vụ, ưu tiên lao động thuộc hộ nghèo, cận nghèo, người khuyết tật và phụ nữ nông thôn.';
const QUESTIONS = ['co lop hoc han k a', 'hoc nghe may cong nghiep o vinh long', 'lop dien dan dung ben tre', 'hoi cho lang nghe an giang', 'ho tro vay von hoc nghe', 'nuoi tom ca mau', 'hoc lam banh', 'chinh sach cho nguoi khuyet tat', 'gia vang hom nay', 'lop theu o hue', 'hc xg co dc nhan vao cty k ad'];

export function generateItems(n: number): ContentItem[] {
  const items: ContentItem[] = [];
  for (let i = 0; i < n; i++) {
    const trade = TRADES[i % TRADES.length]!;
    const province = PROVINCES[(i * 7) % PROVINCES.length]!;
    const place = PLACES[(i * 3) % PLACES.length]!;
    const kind = (['course', 'course', 'course', 'policy', 'fair', 'plan', 'faq'] as const)[i % 7]!;
    const title =
      kind === 'course' ? `Lớp ${trade} khóa ${i}` : kind === 'fair' ? `Hội chợ làng nghề ${province} lần ${i}` : kind === 'policy' ? `Hỗ trợ học nghề ${trade} số ${i}` : kind === 'plan' ? `Kế hoạch ${i}/KH-UBND phát triển nghề ${trade}` : `Hỏi về nghề ${trade} số ${i}?`;
    items.push({
      id: `${kind}-gen-${i}`,
      kind,
      title,
      summary: `Khóa đào tạo nghề ${trade} cho lao động nông thôn tại ${place}, ${province}. ${FILLER}`,
      body: `${FILLER} ${FILLER} Nghề ${trade} giúp bà con có thêm thu nhập ổn định. ${FILLER}`,
      keywords: [trade, `học ${trade}`],
      province,
      place,
      startsAt: '2027-03-01',
      deadline: '2027-02-15',
      ...(kind === 'course' ? { trade, capacity: 30, fee: 'Miễn phí' } : {}),
    } as ContentItem);
  }
  return items;
}

/** Fills the store in its own process: an import is not start-up, and its memory is not the bot's. */
async function seed(size: number, dataDir: string): Promise<void> {
  const { openEmbeddedStore } = await import('../src/store/sqlite/index.js');
  const { provinceCodeOf } = await import('../src/content/import.js');
  const store = await openEmbeddedStore(dataDir);
  const items = generateItems(size);
  for (let i = 0; i < items.length; i += 5000) await store.importItems(items.slice(i, i + 5000), provinceCodeOf);
  await store.close();
}

async function child(size: number, dataDir: string): Promise<void> {
  const { openEmbeddedStore } = await import('../src/store/sqlite/index.js');
  const { AnswerEngine } = await import('../src/engine/engine.js');

  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const store = await openEmbeddedStore(dataDir);
  const engine = new AnswerEngine(store, { snapshotPath: join(dataDir, 'search-index.snapshot') });
  await engine.load();
  const startupMs = performance.now() - t0;
  const startupCpu = process.cpuUsage(c0);
  const startupCpuMs = (startupCpu.user + startupCpu.system) / 1000;
  // As `serve` does before it takes traffic: the first questions compile the code paths.
  await engine.warmUp();

  const times: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const q of QUESTIONS) {
      const c = process.cpuUsage();
      const t = performance.now();
      await engine.ask(q);
      times.push(performance.now() - t);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
    }
  }
  const at = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)]!;
  const median = at(times, 0.5);
  const p95 = at(times, 0.95);
  const cpuMedian = at(cpu, 0.5);
  const peakMb = process.resourceUsage().maxRSS / 1024;
  await engine.close(); // waits for the snapshot write, outside the figures
  await store.close();
  process.stdout.write(JSON.stringify({ size, startupMs, startupCpuMs, median, p95, cpuMedian, peakMb }) + '\n');
}

async function parent(): Promise<void> {
  const arg = process.argv.indexOf('--sizes');
  const sizes = (arg > 0 ? process.argv[arg + 1]! : '1000,10000,100000').split(',').map(Number);
  const self = fileURLToPath(import.meta.url);
  console.log('size     start     start-up  (CPU)      median/q   p95/q     CPU/q     peak RSS');
  for (const size of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'nghebot-bench-'));
    try {
      const seeded = spawnSync(process.execPath, ['--import', 'tsx', self, '--seed', String(size), dir], { encoding: 'utf8', timeout: 900_000 });
      if (seeded.status !== 0) {
        console.log(`${size}: seeding failed ${seeded.stderr.slice(-400)}`);
        continue;
      }
      for (const start of ['cold', 'warm']) {
        const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', String(size), dir], { encoding: 'utf8', timeout: 900_000 });
        const line = r.stdout.trim().split('\n').pop() ?? '';
        if (r.status !== 0 || !line.startsWith('{')) {
          console.log(`${size} ${start}: failed (${r.status}) ${r.stderr.slice(-400)}`);
          continue;
        }
        const m = JSON.parse(line) as { size: number; startupMs: number; startupCpuMs: number; median: number; p95: number; cpuMedian: number; peakMb: number };
        console.log(
          `${String(m.size).padEnd(8)} ${start.padEnd(6)} ${(m.startupMs / 1000).toFixed(2).padStart(6)} s (${(m.startupCpuMs / 1000).toFixed(2).padStart(5)} s)  ${m.median.toFixed(2).padStart(6)} ms  ${m.p95.toFixed(2).padStart(6)} ms  ${m.cpuMedian.toFixed(2).padStart(6)} ms  ${m.peakMb.toFixed(0).padStart(5)} MB`,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log('bars (100k): start-up ≤ 5 s, median ≤ 5 ms, p95 ≤ 15 ms, peak ≤ 500 MB (CPU: the CPU time of the start-up and of the median question, all threads, steadier than wall time on a busy machine)');
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
const childArg = process.argv.indexOf('--child');
const seedArg = process.argv.indexOf('--seed');
if (isMain && seedArg > 0) await seed(Number(process.argv[seedArg + 1]), process.argv[seedArg + 2]!);
else if (isMain && childArg > 0) await child(Number(process.argv[childArg + 1]), process.argv[childArg + 2]!);
else if (isMain) await parent();
