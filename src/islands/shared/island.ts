/**
 * The one island pattern: a wrapper `.astro` renders complete static markup inside a custom
 * element `<ml-feature>`, and its `<script>` registers the element class that the island's
 * client module exports:
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
