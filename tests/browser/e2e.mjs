// A consultant's session in a real headless browser: log in, see the queue at phone width,
// find the case by search, claim it, fill the answer from the recommendation in one click, look
// a code up by its code and add it to the answer from its page (and see that page at phone
// width), fill in the codes and the answer, save it as a draft and
// see it come back, preview the email, send it, read the reports. Screenshots of each page go
// to OUT_DIR. Then on REFUSED_ID (its requester's server refuses mail) the answer comes back as a
// failed delivery and is resent to GOOD_ADDRESS; HANDOVER_ID is handed over to a colleague.
// Run by tests/browser.rs with:
//   node e2e.mjs BASE EMAIL PASSWORD CASE_ID OUT_DIR REFUSED_ID HANDOVER_ID GOOD_ADDRESS
import { chromium } from 'playwright-core';

const [base, email, password, caseId, outDir, refusedId, handoverId, goodAddress] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // The flags Debian's chromium needs as root on a machine without outside network.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(20000);
  await page.goto(`${base}/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
  await page.waitForSelector('#queue');
  await page.screenshot({ path: `${outDir}/queue.png`, fullPage: true });

  // 390 px: the queue reflows into cards instead of overflowing sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  if (overflow > 392) throw new Error(`the queue is ${overflow}px wide at 390px`);
  await page.screenshot({ path: `${outDir}/queue-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // Search from the header, by a word of the question.
  await page.fill('header input[name=q]', 'scrubber');
  await Promise.all([page.waitForURL(/\/search\?q=scrubber/), page.press('header input[name=q]', 'Enter')]);
  await page.waitForSelector(`#results a[href="/cases/${caseId}"]`);
  await page.screenshot({ path: `${outDir}/search.png`, fullPage: true });

  await Promise.all([page.waitForURL(`${base}/cases/${caseId}`), page.click(`#results a[href="/cases/${caseId}"] >> nth=0`)]);
  await Promise.all([page.waitForURL(`${base}/cases/${caseId}`), page.click('#claim')]);
  await page.waitForSelector('#answer-form');
  // One click: the assistant's recommended answer fills the codes and a short text in place.
  await page.click('#use-recommended');
  const recommended = await page.inputValue('#codes');
  if (!recommended.startsWith('M54.50')) throw new Error(`the recommended codes: ${recommended}`);
  if (!(await page.inputValue('#body')).startsWith('Report these codes, in this order:')) {
    throw new Error('the recommended text was not filled in');
  }
  await page.screenshot({ path: `${outDir}/one-click.png`, fullPage: true });
  // A code looked up by its code, without the dot, and added to the answer from its page.
  await page.fill('#code-search input[name=q]', 'n183');
  await Promise.all([page.waitForLoadState('load'), page.press('#code-search input[name=q]', 'Enter')]);
  const first = await page.textContent('#code-results tr:first-child a');
  if (first.trim() !== 'N18.3') throw new Error(`the search for n183 led with ${first}`);
  await Promise.all([page.waitForURL(/\/codes\/N18\.3\?case=/), page.click('#code-results tr:first-child a')]);
  await page.waitForSelector('#below');
  await page.screenshot({ path: `${outDir}/code-lookup.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  const codeWide = await page.evaluate(() => document.documentElement.scrollWidth);
  if (codeWide > 392) throw new Error(`the code page is ${codeWide}px wide at 390px`);
  await page.screenshot({ path: `${outDir}/code-lookup-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await Promise.all([page.waitForURL(/\/codes\/N18\.30/), page.click('#below a[href^="/codes/N18.30"]')]);
  await Promise.all([page.waitForURL(new RegExp(`/cases/${caseId}\\?add=N18\\.30`)), page.click('a.add-to-answer')]);
  await page.waitForSelector('#answer-form');
  const added = await page.inputValue('#codes');
  if (!added.includes('N18.30')) throw new Error(`add to answer: ${added}`);
  await page.fill('#codes', 'M54.50 | M54.5 has been a header since FY2022');
  await page.fill('#body', 'Report M54.50 (low back pain, unspecified) for the chronic low back pain.\n\nThe SPECT code is yours to confirm.');
  // Saved as it is typed: leave the page, come back, the answer is still there.
  await page.waitForFunction(() => document.getElementById('autosaved').textContent.length > 0);
  await page.goto(`${base}/cases/${caseId}`);
  await page.waitForSelector('#draft-saved');
  if (!(await page.inputValue('#body')).includes('The SPECT code is yours to confirm.')) {
    throw new Error('the saved draft did not come back');
  }
  // A saved response, inserted with one click, its placeholders filled.
  await Promise.all([page.waitForLoadState('load'), page.click('.insert-response')]);
  await page.waitForSelector('#answer-form');
  const body = await page.inputValue('#body');
  if (!body.includes('The SPECT code is yours to confirm.') || !body.includes(`keep case C-${caseId} in the subject. Pat Consultant`)) {
    throw new Error(`the saved response was not inserted: ${body}`);
  }
  await page.screenshot({ path: `${outDir}/case.png`, fullPage: true });

  await page.click('#preview');
  await page.waitForSelector('#preview-text');
  const preview = await page.textContent('#preview-text');
  if (!preview.includes('Low back pain, unspecified')) throw new Error('the preview lacks the code title');
  // The HTML part renders in its sandboxed frame under the desk's Content-Security-Policy.
  const html = await page.frameLocator('iframe').locator('body').textContent();
  if (!html.includes('M54.50')) throw new Error('the HTML part did not render');
  await page.screenshot({ path: `${outDir}/preview.png`, fullPage: true });

  await page.click('#send');
  await page.waitForSelector('.flash');
  await page.screenshot({ path: `${outDir}/sent.png`, fullPage: true });

  await page.goto(`${base}/reports`);
  await page.waitForSelector('svg');
  await page.screenshot({ path: `${outDir}/reports.png`, fullPage: true });

  // A refused answer: back in the queue with the server's reply, resent to a corrected address.
  await page.goto(`${base}/cases/${refusedId}`);
  await Promise.all([page.waitForURL(`${base}/cases/${refusedId}`), page.click('#claim')]);
  await page.fill('#codes', 'M54.50');
  await page.fill('#body', 'Report M54.50.');
  await page.click('#preview');
  await page.waitForSelector('#send');
  await page.click('#send');
  await page.waitForSelector('.flash');
  // The refused acknowledgement shows at once; the address field comes with the refused answer.
  for (let i = 0; i < 60 && !(await page.$('#to')); i++) {
    await page.waitForTimeout(500);
    await page.goto(`${base}/cases/${refusedId}`);
  }
  const status = await page.textContent('#status');
  if (status.trim() !== 'delivery_failed') throw new Error(`status ${status}`);
  await page.screenshot({ path: `${outDir}/delivery-failed.png`, fullPage: true });
  await page.fill('#to', goodAddress);
  await page.click('#preview');
  await page.waitForSelector('#send');
  await page.click('#send');
  await page.waitForSelector('.flash');

  // A hand-over: the colleague holds the case now, and this consultant may not answer it.
  await page.goto(`${base}/cases/${handoverId}`);
  // The answered cases like this one arrive after the page: its script turns the link into the list.
  await page.waitForFunction(() => {
    const panel = document.getElementById('similar-panel');
    return panel && !panel.querySelector('a[href$="/similar"]');
  });
  await Promise.all([page.waitForURL(`${base}/cases/${handoverId}`), page.click('#claim')]);
  await page.selectOption('#assign-to', 'sam@desk.test');
  await Promise.all([page.waitForURL(`${base}/cases/${handoverId}`), page.click('#assign')]);
  await page.waitForSelector('#held-by-other');
  if (await page.$('#answer-form')) throw new Error('the answer form is still offered');
  await page.screenshot({ path: `${outDir}/handed-over.png`, fullPage: true });

  // The case page at 390 px fits the screen too.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/cases/${caseId}`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  if (wide > 392) throw new Error(`the case page is ${wide}px wide at 390px`);
  await page.screenshot({ path: `${outDir}/case-phone.png`, fullPage: true });
  console.log('browser session done');
} finally {
  await browser.close();
}
