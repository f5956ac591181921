/** Every API route, in the order the OpenAPI document lists them. */
import { calendarRoutes, classifierRoutes, executorRoutes, userRoutes } from './admin.ts';
import { attachmentRoutes } from './attachments.ts';
import { authRoutes } from './auth.ts';
import { consultationRoutes } from './consultations.ts';
import { codecRoutes } from './codec.ts';
import type { AnyRoute } from './define.ts';
import { districtRoutes } from './districts.ts';
import { notificationRoutes } from './notifications.ts';
import { refusalRoutes } from './refusals.ts';
import { repairWorkRoutes } from './repair-works.ts';
import { reportRoutes } from './reports.ts';
import { requestRoutes } from './requests.ts';
import { webRoutes } from './web.ts';

export const API_ROUTES: readonly AnyRoute[] = [
  ...authRoutes,
  ...requestRoutes,
  ...attachmentRoutes,
  ...refusalRoutes,
  ...userRoutes,
  ...executorRoutes,
  ...classifierRoutes,
  ...districtRoutes,
  ...calendarRoutes,
  ...notificationRoutes,
  ...repairWorkRoutes,
  ...consultationRoutes,
  ...reportRoutes,
  ...webRoutes,
  ...codecRoutes,
];
