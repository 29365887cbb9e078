// Which country's hotlines to show first: pure, so it is tested without a browser.

/** The first supported country named by a region subtag of the browser's languages (`en-GB` → GB). */
export function countryFromLanguages(tags: readonly string[], available: readonly string[]): string | undefined {
  for (const tag of tags) {
    let region: string | undefined;
    try {
      region = new Intl.Locale(tag).maximize().region;
    } catch {
      continue;
    }
    // `en` maximises to US and `fr` to FR: fine as guesses, but only for countries the page has lines for.
    if (region && available.includes(region)) return region;
  }
  return undefined;
}
