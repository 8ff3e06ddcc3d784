// The smallest Starlight site that shows open1-snip's tabs as a docs site would. Nothing is
// fetched or sent: no search index (pagefind), telemetry off (check.sh), the check runs on
// loopback only.
import starlight from "@astrojs/starlight";
import { defineConfig } from "astro/config";

export default defineConfig({
  // Only for the sitemap Starlight writes (without a site, the build warns).
  site: "http://127.0.0.1/",
  integrations: [starlight({ title: "open1 relay", pagefind: false })],
});
