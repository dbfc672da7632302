/**
 * Trade fairs and exhibitions (hội chợ, triển lãm): those not yet over, soonest first.
 */
import { catalogueHandler } from './catalogue.js';

export const fairsHandler = catalogueHandler({
  kind: 'fair',
  heading: '🏪 Hội chợ, triển lãm sắp diễn ra',
  empty: 'Hiện chưa có hội chợ nào sắp diễn ra. Bạn đăng ký nhận tin hội chợ để được báo sớm nhé.',
  order: 'start',
});
