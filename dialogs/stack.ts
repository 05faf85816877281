import type { TurnContext } from 'botbuilder';

/**
 * Our own small dialog stack, in place of botbuilder-dialogs (docs/decisions/0001-agents-sdk.md,
 * "The dialogs question"). We used only its stack: no prompts, waterfalls or recognizers. Its
 * `DialogContext` built a memory-scope manager (a service collection, nine scopes, five path
 * resolvers) for every context, two contexts per turn, and every call went through several
 * promise layers and an "activity received" event nobody listened to: about a tenth of the bot's
 * time per turn. This keeps the same stored shape, so conversations stored before go on.
 */

/** One dialog on the stack, as the conversation state stores it. */
export interface DialogInstance<T = any> {
  id: string;
  state: T;
}

/** A stack of dialogs in the conversation state: the last one is active. */
export interface DialogState {
  dialogStack: DialogInstance[];
}

/** `waiting`: the active dialog waits for the next message; the others say the stack has ended. */
export interface DialogTurnResult {
  status: 'waiting' | 'complete' | 'cancelled' | 'empty';
}

export abstract class Dialog<O = unknown> {
  /** The turn is over; the active dialog waits for the next message. */
  static readonly EndOfTurn: DialogTurnResult = Object.freeze({ status: 'waiting' });

  constructor(readonly id: string) {}

  /** Called when the dialog is put on the stack (its instance is the active one, with empty state). */
  abstract beginDialog(dc: DialogContext, options?: O): Promise<DialogTurnResult>;

  /** The next message, while this dialog is active. */
  abstract continueDialog(dc: DialogContext): Promise<DialogTurnResult>;

  /** The dialog above this one ended: this one is active again. */
  resumeDialog(dc: DialogContext): Promise<DialogTurnResult> {
    return dc.endDialog();
  }

  /** Ask the open question again. */
  async repromptDialog(_context: TurnContext, _instance: DialogInstance): Promise<void> {}
}

export class DialogSet {
  private readonly dialogs = new Map<string, Dialog<any>>();

  add(dialog: Dialog<any>): this {
    if (this.dialogs.has(dialog.id)) throw new Error(`a dialog with id ${dialog.id} is there already`);
    this.dialogs.set(dialog.id, dialog);
    return this;
  }

  find(id: string): Dialog<any> | undefined {
    return this.dialogs.get(id);
  }
}

/** One turn's view of a stack: which dialog is active, and the moves between dialogs. */
export class DialogContext {
  readonly stack: DialogInstance[];

  constructor(
    readonly dialogs: DialogSet,
    readonly context: TurnContext,
    state: DialogState,
  ) {
    if (!Array.isArray(state.dialogStack)) state.dialogStack = [];
    this.stack = state.dialogStack;
  }

  get activeDialog(): DialogInstance | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** Puts dialog `id` on the stack and begins it. */
  beginDialog(id: string, options?: unknown): Promise<DialogTurnResult> {
    const dialog = this.dialog(id);
    this.stack.push({ id, state: {} });
    return dialog.beginDialog(this, options);
  }

  continueDialog(): Promise<DialogTurnResult> {
    const active = this.activeDialog;
    return active ? this.dialog(active.id).continueDialog(this) : Promise.resolve({ status: 'empty' });
  }

  /** Takes the active dialog off the stack; the one below resumes. */
  endDialog(): Promise<DialogTurnResult> {
    this.stack.pop();
    const below = this.activeDialog;
    return below ? this.dialog(below.id).resumeDialog(this) : Promise.resolve({ status: 'complete' });
  }

  async repromptDialog(): Promise<void> {
    const active = this.activeDialog;
    if (active) await this.dialog(active.id).repromptDialog(this.context, active);
  }

  /** Empties the stack. */
  cancelAllDialogs(): Promise<DialogTurnResult> {
    this.stack.length = 0;
    return Promise.resolve({ status: 'cancelled' });
  }

  private dialog(id: string): Dialog<any> {
    const dialog = this.dialogs.find(id);
    if (!dialog) throw new Error(`no dialog with id ${id}`);
    return dialog;
  }
}
