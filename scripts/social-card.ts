/**
 * Renders `public/og.png` (1200×630), the card shown when a page of the guide is shared.
 * Run by hand after changing the design: `node scripts/social-card.ts`.
 */
import { readFile } from 'node:fs/promises';
import { launchBrowser } from './lib/browser.ts';

const logo = await readFile('src/assets/logo.svg', 'utf8');
const html = `<!doctype html><html><body style="margin:0">
<div style="width:1200px;height:630px;box-sizing:border-box;padding:80px;display:flex;flex-direction:column;justify-content:space-between;background:linear-gradient(135deg,#17152e,#3b2f8f);color:#fff;font-family:'Noto Sans CJK JP','Noto Sans',sans-serif">
  <div style="width:120px;height:120px">${logo.replace('<svg ', '<svg style="width:120px;height:120px" ')}</div>
  <div>
    <div style="font-size:76px;font-weight:700;letter-spacing:2px">機械学習への道</div>
    <div style="font-size:48px;margin-top:12px;color:#d5d1ff">The Path into Machine Learning</div>
    <div style="font-size:30px;margin-top:28px;color:#ffd166">Read the guide. Train the models in your browser.</div>
  </div>
</div></body></html>`;

const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1200, height: 630 } });
await page.setContent(html);
await page.screenshot({ path: 'public/og.png' });
await browser.close();
console.log('wrote public/og.png');
