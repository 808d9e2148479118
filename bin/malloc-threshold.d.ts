export declare const MALLOC_ENV: { readonly MALLOC_MMAP_THRESHOLD_: string };
export declare function restartEnvironment(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
  execArgv?: readonly string[],
): NodeJS.ProcessEnv | undefined;
export declare function runRestarted(env: NodeJS.ProcessEnv): Promise<void>;
export declare function followCommand(): void;
