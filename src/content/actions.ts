/** Opening one content item (a course, a policy…) from a list or an announcement. */
import { idAction } from '../replies/actions.js';

export const itemAction = idAction('item');
