// Stand-in source file of the OpenClaw checkout shared into the twin.
export const twin = true;
