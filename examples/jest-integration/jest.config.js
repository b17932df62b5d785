// ts-jest's default preset: TypeScript compiled to CommonJS, no other module configuration.
/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  // A benchmark test first checks the target (its model list, its tokenizer, one probe request)
  // and then runs for its duration: Jest's 5 s default is too short for that.
  testTimeout: 30_000,
};
