// Drives headless Chromium (Debian's /usr/bin/chromium, via puppeteer-core) through the pages
// served at a base URL, and prints what they show as JSON:
//   node browser_pages.js <base url> <screenshot dir> [chromium path]
const puppeteer = require('puppeteer-core');
const path = require('path');

async function main() {
  const [base, shots, executablePath = '/usr/bin/chromium'] = process.argv.slice(2);
  const browser = await puppeteer.launch({executablePath, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage']});
  const result = {};
  const errors = [];
  try {
    const page = await browser.newPage();
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.setViewport({width: 900, height: 700});

    await page.goto(`${base}/HelloWorld.html`);
    await page.waitForSelector('#result[data-value]', {timeout: 120000});
    result.hello = Number(await page.$eval('#result', (e) => e.dataset.value));
    await page.screenshot({path: path.join(shots, 'HelloWorld.png')});

    await page.goto(`${base}/TFCalc.html`);
    for (const [id, text] of [['#a', '1.5, 2, -3'], ['#b', '2.5, 40, 3']]) {
      await page.$eval(id, (e) => { e.value = ''; });
      await page.type(id, text);  // typed as a user types
    }
    await page.click('#add');
    result.sum = JSON.parse(await page.$eval('#result', (e) => e.dataset.value));
    await page.click('#multiply');
    result.product = JSON.parse(await page.$eval('#result', (e) => e.dataset.value));
    await page.click('#add');
    await page.screenshot({path: path.join(shots, 'TFCalc.png')});

    await page.goto(`${base}/mnist.html`);
    await page.waitForSelector('#status[data-ready]', {timeout: 60000});
    result.mnist = [];
    for (const label of ['7', '2', '1', '0']) {
      await page.click(`img.sample[data-label="${label}"]`);
      await page.waitForSelector('#prediction[data-value]');
      result.mnist.push({label: Number(label),
        predicted: Number(await page.$eval('#prediction', (e) => e.dataset.value)),
        probabilities: JSON.parse(await page.$eval('#prediction', (e) => e.dataset.probabilities))});
    }
    await page.screenshot({path: path.join(shots, 'mnist.png')});
  } finally {
    await browser.close();
  }
  result.errors = errors;
  process.stdout.write(JSON.stringify(result));
}

main().catch((error) => { console.error(String(error && error.stack || error)); process.exit(1); });
