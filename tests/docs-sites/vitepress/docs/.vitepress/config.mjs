// The smallest VitePress site that shows a sync-generated code group as a docs site would.
export default {
  title: "open1 relay",
  description: "A page whose snippets open1-snip sync generates",
  // Nothing fetched from outside: the check runs on loopback only.
  head: [],
  themeConfig: { search: undefined, socialLinks: [] },
};
