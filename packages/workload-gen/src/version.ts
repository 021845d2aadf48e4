/** This package's version, written into trace headers (a test keeps it equal to package.json). */
export const WORKLOAD_GEN_VERSION = '0.1.0';
