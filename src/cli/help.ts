/**
 * `-h` / `--help` for every command, in Vietnamese (officers read it), and `--version`.
 * Help is answered before the configuration is read or anything is opened, so `serve --help`
 * never starts a server and works with a broken environment.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ENV_NOTE = 'Cấu hình qua biến môi trường (DATA_DIR, MONGODB_URI, …), xem README.';

export const COMMAND_HELP: Record<string, string> = {
  serve: `Cách dùng: nghebot serve

Chạy bot: máy chủ HTTP (trang chat web tại /chat), kênh Telegram và Zalo nếu đã cấu hình,
các việc định kỳ (bản tin hằng ngày, nhắc hạn, gửi thông báo). Dừng bằng Ctrl+C.

Biến môi trường hay dùng:
  PORT, HOST           cổng và địa chỉ lắng nghe (mặc định 3000, 0.0.0.0)
  DATA_DIR             thư mục dữ liệu (mặc định ./data)
  TELEGRAM_BOT_TOKEN   bật Telegram
  ZALO_APP_ID, …       bật Zalo OA (cần đủ 4 biến)
${ENV_NOTE}
`,
  import: `Cách dùng: nghebot import ĐƯỜNG_DẪN...

Nhập nội dung (khóa học, chính sách, hội chợ, kế hoạch, hỏi đáp) từ tệp YAML, JSON, CSV
hoặc cả thư mục. Tất cả hoặc không gì cả: có một lỗi thì không nhập mục nào, và lỗi được báo
theo dạng tệp · mục · trường: lý do. Nhập lại cùng mã (id) thì cập nhật mục đó.

Ví dụ:
  nghebot import content/
  nghebot import khoa-hoc-2027.csv
${ENV_NOTE}
`,
  content: `Cách dùng: nghebot content remove MÃ_MỤC

Xóa một mục nội dung theo mã (id). Bot đang chạy thôi trả lời bằng mục đó sau vài giây.
Không xóa được khóa học đã có người đăng ký (kể cả đã hủy): danh sách đăng ký cần khóa học của
nó. Việc xóa được ghi vào nhật ký của trang quản trị (người làm: cli). Không hoàn tác được:
muốn có lại thì nhập lại mục cùng mã.

Ví dụ:
  nghebot content remove hoi-cho-viec-lam-2026
${ENV_NOTE}
`,
  ask: `Cách dùng: nghebot ask "câu hỏi"
          nghebot ask --json < cau-hoi.txt

In câu trả lời đúng như người dùng sẽ thấy. Mỗi lần hỏi là một cuộc trò chuyện mới.

Tùy chọn:
  --json       đọc câu hỏi từ đầu vào chuẩn, mỗi dòng một câu; in mỗi câu một dòng JSON
               {"q","intent","results":[{"id","kind","title","score"}]}
  -h, --help   xem hướng dẫn này
`,
  chat: `Cách dùng: nghebot chat [--user MÃ]

Trò chuyện với bot ngay trong terminal. Các nút bấm hiện thành số thứ tự: gõ số để chọn.
Gõ "thoát" (hoặc exit, /quit) hay bấm Ctrl+D để kết thúc.
Khi đầu vào không phải terminal: đọc mỗi dòng là một tin nhắn, in câu trả lời và dòng ---.

Tùy chọn:
  --user MÃ    mã người dùng (1–64 ký tự chữ, số, _ . -), mặc định "terminal";
               cùng mã thì tiếp tục cuộc trò chuyện cũ
  -h, --help   xem hướng dẫn này
`,
  announce: `Cách dùng: nghebot announce --text "NỘI DUNG" [tùy chọn]
          nghebot announce list | cancel MÃ | stats MÃ

Gửi thông báo tới những người đã đăng ký nhận tin. Bot đang chạy (nghebot serve) gửi đi;
lệnh này chỉ ghi thông báo vào kho dữ liệu.

Tùy chọn khi tạo:
  --text "…"        nội dung (bắt buộc)
  --item MÃ         kèm một mục nội dung (khóa học, hội chợ…) có nút xem chi tiết
  --topic CHỦ_ĐỀ    gửi cho người nhận tin chủ đề này, lặp lại được; bỏ trống = mọi chủ đề:
                      course (dao-tao)      đào tạo nghề
                      policy (chinh-sach)   chính sách hỗ trợ
                      fair (hoi-cho)        hội chợ, triển lãm
                      plan (ke-hoach)       kế hoạch, tin tức
  --province TỈNH   chỉ người ở tỉnh này (tên cũ hay mới đều được), lặp lại được; bỏ trống = cả nước
  --channel KÊNH    chỉ qua kênh này: telegram, zalo, web; lặp lại được; bỏ trống = mọi kênh
  --now             gửi ngay (mặc định)
  --at THỜI_ĐIỂM    gửi lúc đó, giờ Việt Nam, ví dụ 2027-01-15T08:00
  --cron "BIỂU_THỨC" lặp lại theo lịch cron, ví dụ "0 7 * * 1" (7 giờ sáng thứ Hai)
  --promotional     đánh dấu là tin quảng bá: qua Zalo không bao giờ gửi từ 22 giờ đến 6 giờ sáng
                    (quy định của Zalo), kể cả khi QUIET_HOURS cho phép; bỏ trống = tin thường
  --dry-run         chỉ xem trước, không tạo gì: số người nhận theo từng kênh; trên Zalo bao nhiêu
                    người nhận tin tư vấn, tin mẫu theo Zalo ID, tin mẫu qua số điện thoại, không
                    gửi được (và vì sao), cùng chi phí tin mẫu ước tính (ZALO_TEMPLATE_PRICE_VND)
Trong giờ nghỉ (QUIET_HOURS, mặc định 21-6) tin được giữ lại đến hết giờ nghỉ.

Lệnh con:
  list          các thông báo gần đây (mã, trạng thái, giờ gửi, đã gửi/tổng, người tạo, nội dung)
  cancel MÃ     hủy thông báo chưa gửi xong
  stats MÃ      tiến độ gửi của một thông báo
  -h, --help    xem hướng dẫn này
`,
  enrollments: `Cách dùng: nghebot enrollments list [--course MÃ]
          nghebot enrollments export [--course MÃ] --format csv|xlsx [--out TỆP]

Danh sách người đăng ký học (có họ tên, số điện thoại: chỉ dành cho cán bộ).

Lệnh con và tùy chọn:
  list               số người đã nhận / đang chờ theo từng khóa, và danh sách người đăng ký
  export             xuất danh sách cho Excel
  --course MÃ        chỉ một khóa học
  --format csv|xlsx  định dạng tệp xuất
  --out TỆP          ghi ra tệp này; bỏ trống thì in ra đầu ra chuẩn (xlsx là tệp nhị phân:
                     cần --out, trừ khi chuyển hướng, ví dụ > ds.xlsx)
  --all              kèm cả các đăng ký đã hủy
  -h, --help         xem hướng dẫn này
`,
  unanswered: `Cách dùng: nghebot unanswered list [--json] [--province TỈNH] [--days N | --from NGÀY --until NGÀY]
          nghebot unanswered attach NHÓM MỤC
          nghebot unanswered dismiss NHÓM
          nghebot unanswered learned [MỤC]

Câu hỏi bot chưa trả lời chắc chắn được (và các gợi ý "Có phải bạn hỏi…" người dùng không chọn),
gom theo nhóm câu giống nhau, nhóm hỏi nhiều nhất và mới nhất trước. Số điện thoại, số CCCD/CMND
và tên người dùng gõ đã được che (***) trước khi lưu.

Lệnh con và tùy chọn:
  list               các nhóm đang mở, mỗi nhóm: mã, số lần hỏi, vài câu mẫu, các mục gần nhất
  --json             in JSON
  --province TỈNH    chỉ câu hỏi nêu tỉnh này (tên cũ hay mới đều được)
  --days N           chỉ câu hỏi trong N ngày qua
  --from / --until   khoảng ngày, dạng 2026-11-30
  --status S         open (mặc định), attached, dismissed
  attach NHÓM MỤC    gắn các câu hỏi của nhóm vào mục nội dung MỤC: bot trả lời các câu này bằng
                     mục đó từ câu hỏi tới; người đã hỏi được báo một lần (theo giờ gửi tin)
  dismiss NHÓM       bỏ qua nhóm
  learned [MỤC]      các cách hỏi đã gắn (vào một mục, hoặc mọi mục); giữ khi nhập lại cùng mục,
                     mất khi tệp nội dung đổi từ khóa (keywords) của mục đó
  -h, --help         xem hướng dẫn này
`,
  officers: `Cách dùng: nghebot officers add TÊN (--province TỈNH | --admin) [--link telegram:MÃ] < matkhau.txt
          nghebot officers list | remove TÊN | passwd TÊN | link TÊN telegram:MÃ|zalo:MÃ|--none

Tài khoản cán bộ đăng nhập trang quản trị web (/admin). Mật khẩu (ít nhất 10 ký tự) đọc từ đầu
vào chuẩn: gõ hai lần khi chạy trong terminal, hoặc dòng đầu của tệp/ống dẫn; không bao giờ
là tham số dòng lệnh.

Lệnh con và tùy chọn:
  add TÊN            tạo tài khoản (tên: 3–32 ký tự a-z, 0-9, . _ -)
  --province TỈNH    tỉnh/thành cán bộ phụ trách (tên cũ hay mới đều được): chỉ xem và sửa
                     nội dung, đăng ký, thông báo của tỉnh đó; nội dung toàn quốc chỉ được xem
  --admin            quản trị: xem mọi tỉnh, quản lý tài khoản cán bộ, xem nhật ký thay đổi
  --link KÊNH:MÃ     liên kết với tài khoản Telegram hoặc Zalo của cán bộ, để nhận lệnh và
                     thông báo đăng ký trong chat cho cùng tỉnh
  list               các tài khoản
  remove TÊN         xóa tài khoản (đăng xuất mọi phiên, bỏ liên kết chat)
  passwd TÊN         đổi mật khẩu (đăng xuất mọi phiên)
  link TÊN KÊNH:MÃ   đổi liên kết chat; --none để bỏ
  -h, --help         xem hướng dẫn này
`,
};

export const wantsHelp = (args: readonly string[]) => args.some((a) => a === '-h' || a === '--help');

/** The version in package.json, found by walking up (the sources run from src/cli, the build from dist/src/cli). */
export function version(): string {
  let dir = import.meta.dirname;
  for (let i = 0; i < 5; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'nghebot' && pkg.version) return pkg.version;
    }
    dir = dirname(dir);
  }
  return 'không rõ';
}
