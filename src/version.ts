/** The tool's version, recorded in every results file (a test keeps it equal to package.json's). */
export const VERSION = '0.1.0';
