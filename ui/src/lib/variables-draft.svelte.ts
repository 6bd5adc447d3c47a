// The state behind a variables form (the wizard's and the handbook's): the values being
// edited and the backend's validation of them (GS1 keys included) once typing pauses.
import { backend, BackendError, type Diagnostic, type VariableDef } from "./backend";
import { debounce, type Debounced } from "./debounce";
import { nfcDeep, type Vars } from "./variables";

export class VariablesDraft {
  readonly templateId: string = "";
  /** The template's variable definitions (set once, by the constructor). */
  readonly defs: VariableDef[] = $state.raw([]);
  values = $state<Vars>({});
  /** The backend's diagnostics for the values as they were when last validated. */
  diagnostics = $state<Diagnostic[]>([]);
  /** Set when validation itself failed (not when values are invalid). */
  failure = $state<string | null>(null);
  /** Changed since loaded or last saved. */
  dirty = $state(false);

  /** The diagnostics the form shows (all of the backend's). */
  readonly shown = $derived(this.diagnostics);
  readonly errorCount = $derived(this.shown.filter((d) => d.severity === "error").length);

  private seq = 0;
  private readonly later: Debounced<[]>;

  constructor(templateId: string, defs: VariableDef[], initial: Vars, delay = 300) {
    this.templateId = templateId;
    this.defs = defs;
    this.values = structuredClone($state.snapshot(initial) as Vars);
    this.later = debounce(() => void this.validate(), delay);
  }

  /** A value was edited: validate once typing pauses. */
  changed = (): void => {
    this.dirty = true;
    this.later();
  };

  /** Asks the backend now; a reply to an older request is dropped. */
  validate = async (): Promise<void> => {
    this.later.cancel();
    const seq = ++this.seq;
    try {
      const diagnostics = await backend().validateVariables(this.templateId, this.snapshot());
      if (seq === this.seq) {
        this.diagnostics = diagnostics;
        this.failure = null;
      }
    } catch (e) {
      if (seq === this.seq) this.failure = e instanceof BackendError ? e.message : String(e);
    }
  };

  /** The values as plain data in NFC, for the backend. */
  snapshot(): Vars {
    return nfcDeep($state.snapshot(this.values) as Vars);
  }

  dispose(): void {
    this.later.cancel();
  }
}
