/**
 * The one island pattern: a wrapper `.astro` renders complete static markup inside a custom
 * element `<ml-feature>`; the island's client module exports the element class, an
 * `IslandElement` whose `mount` wires that markup; and the wrapper's `<script>` registers it:
 *
 *     <script>
 *       import { defineIsland } from '../shared/island';
 *       import { FeatureElement } from './feature-element';
 *       defineIsland('ml-feature', FeatureElement);
 *     </script>
 *
 * Heavy code (TF.js, the data loader) is imported by the element when the reader first needs it.
 */

/** Registers `element` as `<name>` unless it already is (a page may hold the island twice). */
export function defineIsland(name: `ml-${string}`, element: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, element);
}

/**
 * The base of every island's element: `mount` wires the markup once, on the first connect
 * (moving the element in the page connects it again).
 */
export abstract class IslandElement extends HTMLElement {
  #mounted = false;

  connectedCallback(): void {
    if (this.#mounted) return;
    this.#mounted = true;
    this.mount();
  }

  protected abstract mount(): void;
}
