// The checkpoint worker's life, shared between the writer and the worker through one Int32 (checkpointer.ts).
export const CHECKPOINTER_STARTING = 0;
export const CHECKPOINTER_OPEN = 1;
export const CHECKPOINTER_STOPPING = 2;
export const CHECKPOINTER_CLOSED = 3;
