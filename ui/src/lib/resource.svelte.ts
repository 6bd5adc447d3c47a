// Async data for a view: loading, the value, or the backend's error message.
import { errorMessage } from "./backend";

export class Resource<T> {
  value = $state<T | undefined>(undefined);
  error = $state<string | null>(null);
  loading = $state(true);

  constructor(private readonly fetcher: () => Promise<T>) {
    void this.reload();
  }

  reload = async (): Promise<void> => {
    this.loading = true;
    this.error = null;
    try {
      this.value = await this.fetcher();
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loading = false;
    }
  };
}
