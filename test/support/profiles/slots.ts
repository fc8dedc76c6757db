// N parallel slots with queueing, like llama.cpp's `-np N` or Ollama's OLLAMA_NUM_PARALLEL: at most N
// answers are generated at once, later requests wait in arrival order. A request whose client went
// away while it waited gives its slot straight to the next one.
import type * as http from 'node:http';

export class SlotQueue {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly slots: number) {}

  async run(res: http.ServerResponse, work: () => Promise<void>): Promise<void> {
    if (this.busy < this.slots) this.busy++;
    // A freed slot is handed over directly, so a newcomer cannot take it in between.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      if (!res.destroyed) await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.busy--;
    }
  }
}
