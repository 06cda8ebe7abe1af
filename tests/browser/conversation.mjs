// The conversation around a case in a real headless browser, in two steps that tests/browser.rs
// runs with mail in between:
//   node conversation.mjs BASE EMAIL PASSWORD OUT_DIR answer CASE_ID DUPLICATE_ID COPIED
//     The case page shows who the question copied; the answer form starts with them in Cc, the
//     consultant adds an address and the preview shows both; the answer is sent. The duplicate case says so and is merged.
//   node conversation.mjs BASE EMAIL PASSWORD OUT_DIR vote CASE_ID YES_URL
//     The requester's "Yes" link votes in a browser without a login, and a second click changes it;
//     the case page and the reports show it.
import { chromium } from 'playwright-core';

const [base, email, password, outDir, step, caseId, ...rest] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function login(page) {
  await page.goto(`${base}/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
}

function expect(ok, what) {
  if (!ok) throw new Error(what);
}

try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(20000);
  if (step === 'answer') {
    const [duplicateId, copied] = rest;
    await login(page);
    await page.goto(`${base}/cases/${caseId}`);
    expect((await page.textContent('#cc')).includes(copied), 'the case page names the Cc');
    await Promise.all([page.waitForURL(`${base}/cases/${caseId}`), page.click('#claim')]);
    await page.waitForSelector('#answer-form');
    expect((await page.inputValue('#cc-field')) === copied, 'the answer form starts with the Cc');
    // The consultant copies the clinic's office as well.
    await page.fill('#cc-field', `${copied}, office@clinic.test`);
    await page.fill('#codes', 'M54.50');
    await page.fill('#body', 'Report M54.50 (low back pain, unspecified) with the SPECT.');
    await page.screenshot({ path: `${outDir}/cc.png`, fullPage: true });
    await page.click('#preview');
    await page.waitForSelector('#preview-cc');
    const previewCc = await page.textContent('#preview-cc');
    expect(previewCc.includes(copied) && previewCc.includes('office@clinic.test'), 'the preview shows the edited Cc');
    const text = await page.textContent('#preview-text');
    expect(text.includes('Did this answer your question?'), 'the preview ends with the vote');
    const html = await page.frameLocator('iframe').locator('body').textContent();
    expect(html.includes('Did this answer your question?'), 'the HTML part ends with the vote');
    await page.screenshot({ path: `${outDir}/preview-cc.png`, fullPage: true });
    await page.click('#send');
    await page.waitForSelector('.flash');

    // The same question sent again: marked, and merged with one click.
    await page.goto(`${base}/cases/${duplicateId}`);
    expect((await page.textContent('#possible-duplicate')).includes(`C-${caseId}`), 'the duplicate is marked');
    await page.screenshot({ path: `${outDir}/duplicate.png`, fullPage: true });
    await Promise.all([page.waitForURL(`${base}/cases/${caseId}`), page.click('#merge-duplicate')]);
    expect((await page.textContent('.merged-from')).includes(`C-${duplicateId}`), 'the case that continues names the merged one');
    await page.screenshot({ path: `${outDir}/merged.png`, fullPage: true });
    await page.goto(`${base}/cases/${duplicateId}`);
    expect((await page.textContent('#merged-into')).includes(`C-${caseId}`), 'the merged case links to the one that continues');
    expect((await page.textContent('#status')).trim() === 'closed', 'the merged case is closed');
  } else if (step === 'vote') {
    const [yesUrl] = rest;
    // No login: the link votes in the browser (its page posts the vote at once).
    await page.goto(yesUrl);
    await page.waitForSelector('#vote');
    expect((await page.textContent('#vote')).includes('Yes'), 'the vote page thanks for a yes');
    await page.screenshot({ path: `${outDir}/vote.png`, fullPage: true });
    await Promise.all([page.waitForURL(/\/no$/), page.click('#change')]);
    expect((await page.textContent('#vote')).includes('No'), 'the second click changed the vote');
    await Promise.all([page.waitForURL(/\/yes$/), page.click('#change')]);
    expect((await page.textContent('#vote')).includes('Yes'), 'the third click changed it back');
    await login(page);
    await page.goto(`${base}/cases/${caseId}`);
    expect((await page.textContent('#rating')).includes('yes'), 'the case page shows the rating');
    await page.goto(`${base}/reports`);
    expect((await page.textContent('#satisfaction-consultants')).includes('100%'), 'the reports show the share of yes');
    await page.screenshot({ path: `${outDir}/satisfaction.png`, fullPage: true });
  } else {
    throw new Error(`unknown step ${step}`);
  }
  console.log(`conversation ${step} done`);
} finally {
  await browser.close();
}
