/**
 * The brand this bundle was built for (brands/<id>.json, injected by scripts/build.mjs through
 * esbuild `define`). The one module that knows names, hosts and links: server, core and sidebar
 * import these constants, so a partner build shows only the partner's words. The sidebar bundle
 * gets no `links` or `apiHosts` (it learns the hosts from getSettings), so its page holds no URL.
 */
export interface Brand {
  id: string;
  /** The add-on's name: dialogs, alerts, toasts. */
  addOnName: string;
  /** Its name under Extensions, as quoted in instructions. */
  menuTitle: string;
  sidebarTitle: string;
  /** The chat service contacts go to, e.g. "BotPenguin". */
  serviceName: string;
  /** Where a user finds their API token, e.g. "BotPenguin → Developers → API Tokens". */
  tokenLocation: string;
  /** Headers of the two status columns: constant per brand, because the add-on finds its columns by them. */
  statusHeader: string;
  detailsHeader: string;
  colors: { primary: string; accent: string };
  links: { help: string; support: string; privacy: string };
  /** Partner mode first: agencies importing into their customers' accounts (optional, default false). */
  partnerMode?: boolean;
  /** URL prefixes the manifest allows; the first is the default. */
  apiHosts: string[];
}

declare const __BRAND__: Brand;
declare const __ADDON_VERSION__: string;

export const BRAND: Brand = __BRAND__;
/** package.json's version at build time. */
export const ADDON_VERSION: string = __ADDON_VERSION__;
