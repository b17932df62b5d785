/** This package's version, reported in every report's `environment`. */
export const PACKAGE_VERSION = '0.1.0';
/** This package's name. */
export const PACKAGE_NAME = 'inferbench';
