/**
 * Trade fairs and exhibitions (hội chợ, triển lãm): those not yet over, soonest first.
 */
import { byStartDate, catalogueHandler, todayIso } from './catalogue.js';

export const fairsHandler = catalogueHandler({
  kind: 'fair',
  heading: '🏪 Hội chợ, triển lãm sắp diễn ra',
  empty: 'Hiện chưa có hội chợ nào sắp diễn ra. Bạn đăng ký nhận tin hội chợ để được báo sớm nhé.',
  current: (item, now) => (item.endsAt ?? item.startsAt ?? '9999') >= todayIso(now),
  order: byStartDate,
});
