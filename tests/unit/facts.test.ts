import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every figure of the source article (see /work/shared/source/FACTS.md) must survive in
 * both languages of the chapter it belongs to. Each fact is a list of patterns that must
 * all match the chapter's normalised text; the failure names chapter, language and fact.
 */
type Lang = 'ja' | 'en';
interface Fact {
  fact: string;
  ja: RegExp[];
  en: RegExp[];
}

/** A number standing alone, not part of a longer number or a decimal. */
const num = (n: number) => new RegExp(`(?<![\\d.])${n}(?!\\d|\\.\\d)`);

/** One pattern for both languages (names, code, numbers with units that do not differ). */
const both = (fact: string, ...patterns: RegExp[]): Fact => ({ fact, ja: patterns, en: patterns });

const CHAPTERS: Record<string, Fact[]> = {
  'guide/decide.mdx': [
    {
      fact: 'funnel 100 programmers → about 30 → only 10 → only 5 → at most 2–3',
      ja: [/プログラマー100人/, /約30人/, /(?<!\d)10人だけ/, /(?<!\d)5人だけ/, /多くて2–3人/],
      en: [/\b100 programmers/, /about 30\b/, /only 10\b/, /only 5\b/, /\b2–3 at most|at most 2–3\b/],
    },
    {
      fact: 'the 2017 view that speed matters little is the author’s',
      ja: [/著者はそれを大きな問題とは見ていません/],
      en: [/in the author's view that matters little/],
    },
    { fact: 'after one month', ja: [/1か月後/], en: [/after one month/i] },
    { fact: 'three questions', ja: [/三つの問い/], en: [/three questions/i] },
    both('ImageNet results as the trigger', /ImageNet/),
    both('CTOs without ML training', /CTO/),
    {
      fact: 'ladder: convolution, pooling, CTC, loss, backpropagation, precision/recall',
      ja: [/畳み込み/, /プーリング/, /CTC/, /損失関数/, /誤差逆伝播/, /適合率/, /再現率/],
      en: [/convolution/, /pooling/, /CTC/, /loss function/, /backpropagation/, /precision and recall/],
    },
    { fact: 'basic strokes of Chinese characters', ja: [/漢字/], en: [/Chinese characters/] },
  ],
  'guide/study-rhythm.mdx': [
    {
      fact: 'Mon/Wed/Fri evenings, 2 h',
      ja: [/月(曜日?)?[・、]水(曜日?)?[・、]金/, /2時間/],
      en: [/Monday, Wednesday and Friday/, /2 hours/],
    },
    {
      fact: 'weekends: 2 h of assignments',
      ja: [/土・日/, /課題/],
      en: [/Saturday and Sunday/, /assignments/],
    },
    { fact: '3 months', ja: [/3か月/], en: [/3 months/] },
    { fact: 'slowest learner beats those who quit', ja: [/遅い/, /やめた/], en: [/slowest/, /stopped/] },
    {
      fact: 'today: the planner’s 11 weeks are the retired course’s',
      ja: [/講座の11週/, /元のMachine Learning講座/, /2022年に終わり/],
      en: [/11 course weeks/, /original Machine Learning course/, /closed in 2022/],
    },
  ],
  'guide/minimum-math.mdx': [
    both('[3×4]×[4×3] → [3×3]', /\[3×4\]×\[4×3\]/, /\[3×3\]/),
    {
      fact: 'derivatives, gradients, iterative optimisation',
      ja: [/微分/, /勾配/, /くり返し|繰り返し/],
      en: [/derivative/, /gradient/, /step-by-step|repeat/i],
    },
    { fact: 'prior and posterior', ja: [/事前確率/, /事後確率/], en: [/prior/, /posterior/] },
    {
      fact: 'no linear algebra or probability textbook first',
      ja: [/線形代数/, /確率論/],
      en: [/linear algebra/i, /probability/],
    },
    { fact: 'half a day with an old textbook', ja: [/半日/], en: [/half a day/] },
    {
      fact: '“the worst way in” is the author’s view',
      ja: [/著者は、「まず線形代数、次に確率論」という順番を、いちばん避けたい始め方だと考えていました/],
      en: [/In the author's view, "linear algebra first, then probability" is the worst way in/],
    },
  ],
  'guide/first-course.mdx': [
    both('Andrew Ng’s course on Coursera', /Andrew Ng/, /Coursera/),
    both('≈ simplified CS229', /CS229/),
    {
      fact: 'PCA, SVM, fully connected nets',
      ja: [/PCA/, /SVM/, /全結合/],
      en: [/PCA/, /SVM/, /fully connected/],
    },
    {
      fact: 'every assignment',
      ja: [/課題はすべて|すべて解く/],
      en: [/every assignment|none of the programming assignments/i],
    },
    {
      fact: 'fields: CV, NLP, speech, RL',
      ja: [/コンピュータービジョン/, /自然言語処理/, /音声/, /強化学習/],
      en: [/computer vision/, /natural language processing/, /speech/, /reinforcement learning/],
    },
    { fact: 'one or two fields as main focus', ja: [/一つか二つ|1つか2つ/], en: [/one or two/] },
    { fact: 'then papers, reproduced', ja: [/論文/, /再現/], en: [/papers/, /reproduce/] },
    both(
      'today: the 2022 Machine Learning Specialization in Python',
      /2022/,
      /Machine Learning Specialization/,
      /Python/,
    ),
  ],
  'guide/language-and-framework.mdx': [
    both('Python first', /Python/),
    both('Python idioms and tools', /lambda/, /yield/, /reduce/, /NumPy/, /pandas/),
    both('academic camp', /Theano/, /Torch/, /Caffe/, /Lua/, /C\+\+/),
    both('industry camp', /TensorFlow|Tensorflow/, /MXNet/),
    { fact: 'two GPUs ≈ 1.5× one', ja: [/1\.5倍/], en: [/1\.5×|1\.5 times/] },
    both('TensorFlow Serving and mobile', /Serving/),
    both('no official PReLU in TensorFlow (2017)', /PReLU/),
    {
      fact: 'Caffe’s place in both camps: the article gives no reason',
      ja: [/記事はCaffeを両方の陣営に入れていますが、その理由は書いていません/],
      en: [/The article puts Caffe in both camps without saying why/],
    },
    {
      fact: '“Caffe, if you know C++” is the author’s 2017 verdict',
      ja: [
        /2017年の著者の評価：C\+\+がわかるならCaffe/,
        /2017年の著者は、Caffeが一番良いフレームワークかもしれないと考えていました/,
      ],
      en: [
        /The author's 2017 verdict: Caffe, if you know C\+\+/,
        /the author judged in 2017 that Caffe might/,
      ],
    },
    {
      fact: 'today: all-reduce data parallelism gives about 1.8–1.9× on two cards',
      ja: [/all-reduce/, /1\.8–1\.9倍/],
      en: [/all-reduce/, /1\.8–1\.9×/],
    },
    both(
      'today: deployment from PyTorch via ONNX, ExecuTorch, LiteRT',
      /PyTorch/,
      /ONNX/,
      /ExecuTorch/,
      /LiteRT/,
    ),
    both(
      'today: Keras 3 a separate package, brought by TF 2.16; Keras 2 as tf_keras',
      /Keras 3/,
      /2\.16/,
      /tf_keras/,
    ),
  ],
  'guide/datasets.mdx': [
    { fact: 'MNIST: 784 bytes, 28×28', ja: [/784バイト/, /28×28/], en: [/784 bytes/, /28×28/] },
    { fact: 'MNIST: 60,000 training images', ja: [/60000/], en: [/60000/] },
    both('MNIST: best ≈ 99.7%', /99\.7%/),
    { fact: 'MNIST: about 10 MB', ja: [/10MB|10 MB/], en: [/10 MB|10MB/] },
    both('MNIST: Yann LeCun', /LeCun/),
    {
      fact: 'CIFAR-10: 5,000 training / 1,000 test per class, 32×32, 3 channels',
      ja: [/CIFAR-10(?!\d)/, num(5000), num(1000), /32×32/, /3チャンネル/],
      en: [/CIFAR-10(?!\d)/, num(5000), num(1000), /32×32/, /3 (colour )?channels/],
    },
    {
      fact: 'CIFAR-100: 500 / 100 per class',
      ja: [/CIFAR-100/, num(500), num(100)],
      en: [/CIFAR-100/, num(500), num(100)],
    },
    {
      fact: 'ImageNet: over 1 million images, 1,000 classes',
      ja: [/100万枚/, num(1000)],
      en: [/1 million|1000000/, num(1000)],
    },
    {
      fact: 'COCO: 80,000+ images, 80 categories, 5 captions',
      ja: [/80000枚/, num(80), /5つの(英語の)?(説明文|キャプション)|(説明文|キャプション)(が)?5つ/],
      en: [/80000/, num(80), /5 (English )?captions|five (English )?captions/],
    },
    both('competitions: Kaggle and Tianchi', /Kaggle/, /Tianchi/),
    both('ILSVRC2012 and COCO 2014', /ILSVRC ?2012/, /2014/),
  ],
  'guide/hardware.mdx': [
    both('CIFAR demo: 770 vs 2,200 images/s', /(?<![\d.])770(?!\d)/, /(?<![\d.])2200(?!\d)/),
    both(
      'production model: 19/25/140/460/620 images/s',
      /(?<![\d.])19(?![\d.])/,
      /(?<![\d.])25(?![\d.])/,
      /(?<![\d.])140(?!\d)/,
      /(?<![\d.])460(?!\d)/,
      /(?<![\d.])620(?!\d)/,
    ),
    { fact: '1080 Ti ≈ 25× an i7', ja: [/25倍/], en: [/25×|25 times/] },
    { fact: 'inference 10–20× on a GPU', ja: [/10–20倍/], en: [/10–20×|10–20 times/] },
    {
      fact: 'CPU build: ~30% faster training, ~2× prediction',
      ja: [/30%/, /(?<![\d.])2倍/],
      en: [/30%/, /(?<![\d.])2×|twice/],
    },
    both('instruction sets', /SSE4\.1/, /SSE4\.2/, /AVX2/, /FMA/),
    { fact: '1070: 75% of a 1080 at half the price', ja: [/75%/, /半分|半額|半値/], en: [/75%/, /half/] },
    { fact: 'two cards ≈ 1.5×', ja: [/1\.5倍/], en: [/1\.5×|1\.5 times/] },
    both('16 GB of video memory', /16 ?GB/),
    both('budget 5,000–6,000', /5000–6000/),
    both('laptops and Linux drivers', /Linux/),
    {
      fact: 'caveat: with data parallelism each card holds its own copy of the model',
      ja: [/データ並列/, /どちらのカードにもモデル全体のコピーが載ります/],
      en: [/data parallelism/, /each card keeps its own full copy of the model/],
    },
    {
      fact: 'today: about 1.8–1.9× with all-reduce; consumer cards lost NVLink',
      ja: [/all-reduce/, /1\.8–1\.9倍/, /NVLink/, /RTX 4090/],
      en: [/all-reduce/, /1\.8–1\.9×/, /NVLink/, /RTX 4090/],
    },
    both('today: oneDNN picks AVX2/AVX-512 at run time', /oneDNN/, /AVX-512/, /TensorFlow 2\.9/),
  ],
  'guide/first-model.mdx': [
    both('CUDA_VISIBLE_DEVICES="0,2"', /CUDA_VISIBLE_DEVICES/, /0,2/),
    both('visible_device_list and allow_growth', /visible_device_list/, /allow_growth/),
    both('cifar10_train.py lacks accuracy; evaluation beside it', /cifar10_train\.py/),
    both('accuracy: official 86%, casual 93%, recent 97%', /86%/, /93%/, /97%/),
    { fact: 'out of memory when both run', ja: [/OOM|メモリー不足/], en: [/out.of.memory|OOM/i] },
    {
      fact: 'training time as cifar10_train.py’s docstring states it: 100K steps, ~4 h on a K40m',
      ja: [/cifar10_train\.py/, /100000ステップ/, /256エポック/, /Tesla K40m/, /約4時間/],
      en: [/cifar10_train\.py/, /100000 steps/, /256 epochs/, /Tesla K40m/, /four hours/],
    },
    {
      fact: 'today: ≈94% in seconds on one GPU; 99%+ with pre-trained models',
      ja: [/94%/, /3\.3秒/, /99%/, /99\.5%/],
      en: [/94%/, /3\.3 seconds/, /99%/, /99\.5%/],
    },
    { fact: 'checkpoint', ja: [/チェックポイント/], en: [/checkpoint/] },
  ],
  'guide/beyond.mdx': [
    {
      fact: '20–30 papers a day on arXiv',
      ja: [/20–30本/, /arXiv/],
      en: [/20–30 (new )?(computer-vision )?papers/, /arXiv/],
    },
    { fact: 'three questions again', ja: [/三つの問い|3つの問い/], en: [/three questions/i] },
  ],
};

/**
 * Makes figures comparable across languages and styles: full-width digits and signs to
 * ASCII, thousands separators dropped (2,200 → 2200, but "0,2" stays), any dash or wave
 * between numbers → "–", "x"/"×" between numbers → "×" without spaces, no space before
 * "%" or between a digit and Japanese text, inline-code backticks removed.
 */
function normalise(text: string): string {
  return text
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/％/g, '%')
    .replace(/`/g, '')
    .replace(/(\d)[,\u202f\u00a0](?=\d{3}(?!\d))/g, '$1')
    .replace(/(\d)\s*[〜～~–—-]\s*(?=\d)/g, '$1–')
    .replace(/\s*×\s*/g, '×')
    .replace(/(\d)\s*[xX]\s*(?=\d)/g, '$1×')
    .replace(/(\d)\s+%/g, '$1%')
    .replace(/(\d)\s+(?=[\u3040-\u30ff\u3400-\u9fff])/g, '$1')
    .replace(/\s+/g, ' ');
}

/** The chapter's prose: frontmatter and import lines dropped. */
function readChapter(lang: Lang, path: string): string | undefined {
  const file = join('src/content/docs', lang, path);
  if (!existsSync(file)) return undefined;
  const body = readFileSync(file, 'utf8')
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/^import .*$/gm, '');
  return normalise(body);
}

function missingFacts(text: string, facts: Fact[], lang: Lang): string[] {
  return facts
    .map(({ fact, ...patterns }) => ({ fact, failed: patterns[lang].filter((p) => !p.test(text)) }))
    .filter(({ failed }) => failed.length > 0)
    .map(({ fact, failed }) => `${fact} (no match for ${failed.map(String).join(', ')})`);
}

describe('the article’s figures in every chapter and language', () => {
  for (const [path, facts] of Object.entries(CHAPTERS)) {
    for (const lang of ['ja', 'en'] as const) {
      it(`${lang}/${path} carries ${facts.length} facts`, () => {
        const text = readChapter(lang, path);
        if (text === undefined) throw new Error(`${lang}/${path} does not exist yet`);
        const missing = missingFacts(text, facts, lang);
        expect(missing, `${lang}/${path} is missing:\n  ${missing.join('\n  ')}`).toEqual([]);
      });
    }
  }
});

/** The frontmatter `description:` of a page, normalised like the prose. */
function readDescription(lang: Lang, path: string): string {
  const source = readFileSync(join('src/content/docs', lang, path), 'utf8');
  const description = /^description: (.*)$/m.exec(source)?.[1];
  if (description === undefined) throw new Error(`${lang}/${path} has no description`);
  return normalise(description);
}

/** The funnel as the summaries state it: from 100 programmers, about 30, at most 2–3. */
const FUNNEL_SUMMARY: Record<Lang, RegExp[]> = {
  ja: [/プログラマー100人のうち/, /約30人/, /多くて2–3人/],
  en: [/\b100 programmers\b/, /about 30\b/, /at most 2–3\b/],
};

describe('the funnel wherever it is summarised', () => {
  for (const lang of ['ja', 'en'] as const) {
    it(`${lang}: the landing page and the decide description start from 100 programmers and say "at most"`, () => {
      const landing = readChapter(lang, 'index.mdx') ?? '';
      const description = readDescription(lang, 'guide/decide.mdx');
      for (const [where, text] of [
        ['landing page', landing],
        ['decide description', description],
      ] as const) {
        const missing = FUNNEL_SUMMARY[lang].filter((pattern) => !pattern.test(text)).map(String);
        expect(missing, `${lang} ${where}`).toEqual([]);
      }
    });
  }
});

describe('the CIFAR-10 tutorial’s training time has one source', () => {
  const strings = (lang: Lang) =>
    normalise(
      JSON.parse(readFileSync(`src/content/i18n/${lang}.json`, 'utf8'))[
        'trainer.reproduce.note.cifar-tutorial'
      ],
    );

  it('the reproduce table’s note quotes cifar10_train.py as chapter 8 does', () => {
    expect(strings('en')).toMatch(
      /cifar10_train\.py.*100000 steps of 128 images \(256 epochs\).*4 hours on a Tesla K40m/,
    );
    expect(strings('ja')).toMatch(/cifar10_train\.py.*100000ステップ（256エポック）.*Tesla K40mで約4時間/);
  });

  it('no page or string keeps the figures it replaced (8 hours on a K40, about 60,000 steps)', () => {
    for (const lang of ['ja', 'en'] as const) {
      const texts = [readChapter(lang, 'guide/first-model.mdx') ?? '', strings(lang)];
      for (const text of texts)
        expect(text).not.toMatch(/8時間|eight hours|8 hours|6万ステップ|60000 steps|K40(?!m)/);
    }
  });
});

describe('the checklist itself', () => {
  it('normalises number formats of both languages', () => {
    expect(normalise('2,200 枚、5 000、0,2、28 x 28、[3 × 4] × [4 × 3]、97 ％、2 〜 3人、１０ MB')).toBe(
      '2200枚、5 000、0,2、28×28、[3×4]×[4×3]、97%、2–3人、10 MB',
    );
    expect(normalise('5,000-6,000 and 10~20')).toBe('5000–6000 and 10–20');
  });

  it('matches a standalone number only', () => {
    expect(num(5000).test('| 5000 | 500 |')).toBe(true);
    expect(num(5000).test('50000 and 15000')).toBe(false);
    expect(num(25).test('2.25 or 25.5')).toBe(false);
  });

  it('is not vacuous: an empty or unrelated chapter fails every fact', () => {
    for (const [path, facts] of Object.entries(CHAPTERS)) {
      for (const lang of ['ja', 'en'] as const) {
        expect(
          missingFacts(normalise('機械学習 machine learning 2017'), facts, lang),
          `${lang}/${path}`,
        ).toHaveLength(facts.length);
      }
    }
  });

  it('catches a changed figure', () => {
    const facts = CHAPTERS['guide/hardware.mdx'] ?? [];
    const real = readChapter('en', 'guide/hardware.mdx');
    if (real === undefined) return expect(facts.length).toBeGreaterThan(0);
    expect(missingFacts(real.replaceAll('2200', '2300'), facts, 'en')).toEqual([
      expect.stringMatching(/^CIFAR demo: 770 vs 2,200/),
    ]);
  });
});
