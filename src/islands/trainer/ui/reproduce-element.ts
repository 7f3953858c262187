/**
 * `<ml-reproduce>`: runs one classic result's browser preset at a time and writes the reader's
 * test error beside the published one. Results stay in localStorage, so they survive a reload.
 */
import type { TrainerEvent } from '../../../lib/ml/protocol';
import { formatPercent } from '../../../lib/trainer-view/format';
import { CLASSIC_RESULTS, type ClassicId } from '../../../lib/trainer-view/reproduce';
import { toRunSettings } from '../../../lib/trainer-view/settings';
import { errorKey, startFailureKey } from '../../../lib/trainer-view/view-model';
import { find, h } from '../../shared/dom';
import { IslandElement } from '../../shared/island';
import { pageLang, readStrings, type Translate } from '../../shared/strings';
import type { TrainerClient } from '../trainer-client';

const STORAGE_PREFIX = 'ml-guide-reproduce:';

interface SavedRun {
  accuracy: number;
  count: number;
  savedAt: string;
}

export class ReproduceElement extends IslandElement {
  private t!: Translate;
  private locale = 'en';
  private client: TrainerClient | null = null;
  private running: ClassicId | null = null;

  protected mount(): void {
    this.t = readStrings(this);
    this.locale = pageLang();
    for (const result of CLASSIC_RESULTS) this.showSaved(result.id);
    this.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action="run"]');
      const row = button?.closest<HTMLElement>('tr[data-row]');
      if (button && row && !button.disabled) void this.run(row.dataset.row as ClassicId);
    });
  }

  private cell(id: ClassicId): HTMLElement {
    return find(this, `tr[data-row="${id}"] [data-yours]`);
  }

  private showSaved(id: ClassicId): void {
    let saved: SavedRun | null = null;
    try {
      saved = JSON.parse(localStorage.getItem(STORAGE_PREFIX + id) ?? 'null') as SavedRun | null;
    } catch {
      saved = null;
    }
    if (saved) this.showFigure(id, saved.accuracy);
  }

  private showFigure(id: ClassicId, accuracy: number): void {
    const cell = this.cell(id);
    cell.textContent = this.t('trainer.reproduce.yourValue', {
      error: formatPercent(1 - accuracy, this.locale, 2),
      accuracy: formatPercent(accuracy, this.locale, 2),
    });
    cell.dataset.accuracy = String(accuracy);
  }

  private setButtons(disabled: boolean): void {
    for (const button of this.querySelectorAll<HTMLButtonElement>('button[data-action="run"]')) {
      button.disabled = disabled;
    }
  }

  private async run(id: ClassicId): Promise<void> {
    const result = CLASSIC_RESULTS.find((r) => r.id === id);
    if (!result || this.running) return;
    this.running = id;
    this.setButtons(true);
    find(this, '.trainer-notices').replaceChildren();
    this.cell(id).textContent = this.t('trainer.reproduce.running', {
      percent: formatPercent(0, this.locale, 0),
    });
    try {
      if (!this.client) {
        const { TrainerClient } = await import('../trainer-client');
        const dataUrl = new URL(this.getAttribute('data-data-url') ?? '/data/', location.href).href;
        this.client = await TrainerClient.create({ dataUrl });
        this.client.onAny((event) => this.onEvent(event));
      }
      this.client.start(toRunSettings(result.preset));
    } catch (error) {
      this.fail(startFailureKey(error), error instanceof Error ? error.message : String(error));
    }
  }

  private onEvent(event: TrainerEvent): void {
    const id = this.running;
    if (!id) return;
    if (event.type === 'progress') {
      const percent = event.totalSteps > 0 ? event.step / event.totalSteps : 0;
      this.cell(id).textContent = this.t('trainer.reproduce.running', {
        percent: formatPercent(percent, this.locale, 0),
      });
    } else if (event.type === 'status' && event.state === 'evaluating') {
      this.cell(id).textContent = this.t('trainer.reproduce.evaluating');
    } else if (event.type === 'finished') {
      if (event.reason === 'completed') void this.scoreOnTest(id);
      else this.settle();
    } else if (event.type === 'error' && event.fatal) {
      this.fail(errorKey(event.code), event.message, event.suggestedBatchSize);
    }
  }

  /**
   * The published figures are test figures, so the finished run is scored on the test split
   * (the runtime measured only its validation images while it trained).
   */
  private async scoreOnTest(id: ClassicId): Promise<void> {
    const result = CLASSIC_RESULTS.find((r) => r.id === id);
    if (!result || !this.client) return this.settle();
    this.cell(id).textContent = this.t('trainer.reproduce.evaluating');
    try {
      const score = await this.client.evaluateTest(
        result.preset.model,
        result.preset.testSubset,
        result.preset.flip === 'on',
      );
      this.showFigure(id, score.accuracy);
      const saved: SavedRun = {
        accuracy: score.accuracy,
        count: score.count,
        savedAt: new Date().toISOString(),
      };
      try {
        localStorage.setItem(STORAGE_PREFIX + id, JSON.stringify(saved));
      } catch {
        // Storage full or blocked: the figure still shows until the page closes.
      }
      this.settle();
    } catch (error) {
      this.fail('trainer.error.internal', error instanceof Error ? error.message : String(error));
    }
  }

  private settle(): void {
    this.running = null;
    this.setButtons(false);
  }

  private fail(key: string, detail: string, batchSize?: number): void {
    const id = this.running;
    this.running = null;
    this.setButtons(false);
    if (id) this.cell(id).textContent = this.t('trainer.reproduce.notRun');
    find(this, '.trainer-notices').replaceChildren(
      h(
        'div',
        { class: 'trainer-notice island-notice', 'data-tone': 'error', role: 'alert' },
        h('p', {}, this.t(key, { detail, batchSize: batchSize ?? 32 })),
      ),
    );
  }
}
