// Helpers for component tests.
import { fireEvent } from "@testing-library/svelte";
import { tick } from "svelte";

/** Lets promises, effects and timers of zero delay run until the component is quiet. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 8; i++) {
    await tick();
    await new Promise((r) => setTimeout(r, 0));
  }
}

/** Sets an input's value as typing would (one `input` event). */
export async function type(el: Element, value: string): Promise<void> {
  await fireEvent.input(el, { target: { value } });
}
