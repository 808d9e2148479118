import { gzipSync } from "node:zlib";

/**
 * How report.html embeds its long, rarely opened texts (IaC, action lists, evidence, diffs): gzip
 * and base64, unpacked by the page's script when a reader opens one. The engine has no compressor,
 * so the writers (report files, the report store) pass this one to the renderer.
 */
export const packText = (text: string): string => gzipSync(text).toString("base64");
