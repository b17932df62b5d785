// ts-jest's default preset: TypeScript compiled to CommonJS, no other module configuration.
/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
};
