/**
 * The handler chain, in the order the router tries them. Dialog owners (enrolment) are tried first
 * by the router while their dialog is open; otherwise the first handler that answers wins.
 */
import type { Handler } from '../src/conversation/handler.js';
import { askHandler } from './ask.js';
import { handoffHandler } from './handoff.js';
import { enrollmentHandler } from './enrollment.js';
import { myEnrollmentsHandler } from './my-enrollments.js';
import { officerEnrollmentsHandler } from './officer-enrollments.js';
import { coursesHandler } from './courses.js';
import { fairsHandler } from './fairs.js';
import { itemHandler } from './item.js';
import { menuHandler } from './menu.js';
import { policiesHandler } from './policies.js';
import { subscriptionsHandler } from './subscriptions.js';
import { officerAnnouncementsHandler } from './officer-announcements.js';
import { phoneConsentHandler } from './phone-consent.js';

export function defaultHandlers(): Handler[] {
  return [handoffHandler, menuHandler, itemHandler, coursesHandler, policiesHandler, fairsHandler, enrollmentHandler, myEnrollmentsHandler, phoneConsentHandler, officerEnrollmentsHandler, subscriptionsHandler, officerAnnouncementsHandler, askHandler];
}
