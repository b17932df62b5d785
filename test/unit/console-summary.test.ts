import { describe, expect, it } from 'vitest';
import { renderConsoleSummary } from '../../src/outputs/console-summary.js';
import { loadReportFixture } from '../helpers/report-fixture.js';

describe('renderConsoleSummary', () => {
  it('renders the tables of a fixed report', () => {
    expect(renderConsoleSummary(loadReportFixture())).toMatchSnapshot();
  });
});
