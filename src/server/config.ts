/**
 * The add-on's fixed choices, in one place. API hosts come from the brand (brands/<id>.json),
 * which is also where the build's manifest gets its urlFetchWhitelist.
 */
import { BRAND } from '../shared/brand';

export const API_HOSTS: readonly string[] = BRAND.apiHosts;
export const DEFAULT_API_HOST = API_HOSTS[0];
export const IMPORT_PATH = 'inbox/users/import';
export const CONNECTION_TEST_PATH = 'inbox/segments';
/** The account's tags (GET), offered in the sidebar's tag fields. */
export const TAGS_PATH = 'inbox/tags';
/** Partner API (docs/botpenguin-api.md, "Partner API"): the partner's customers, paged. */
export const CUSTOMER_LIST_PATH = 'customer/list';
/** Partner API: a customer's own token (`?userId=<customer _id>`). */
export const USER_TOKEN_PATH = 'ext/get-user-token';
/** Lists contacts, a page per POST (docs/botpenguin-api.md); the export reads it. */
export const USERS_LIST_PATH = 'inbox/users';
/** Soft-deletes contacts by id (`{ids, status: "DELETED"}`): the removal's call. */
export const STATUS_UPDATE_PATH = 'inbox/users/status-update';

export const ADDON_NAME = BRAND.addOnName;
