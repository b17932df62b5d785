// A custom DataSource: your own prompts (here a small in-memory list; in practice rows from your
// logs or a file you parse), each with its own output budget, counted with the run's tokenizer.
// See docs/guides/writing-a-data-source.md. Run: npx tsx examples/custom-data-source.ts
import {
  runBenchmark,
  type DataSource,
  type DataSourceContext,
  type RequestSample,
  type Tokenizer,
} from 'inferbench';

interface SupportTicket {
  question: string;
  /** How long a good answer is, in tokens. */
  answerTokens: number;
}

function createTicketDataSource(tickets: readonly SupportTicket[]): DataSource {
  let tokenizer: Tokenizer | undefined;
  return {
    name: 'support-tickets',
    async prepare(context: DataSourceContext) {
      if (tickets.length === 0) throw new Error('support-tickets: expected at least one ticket');
      tokenizer = context.tokenizer;
    },
    // A fresh iterator per benchmark; it cycles through the tickets for as long as the run asks.
    *samples(): Iterator<RequestSample> {
      for (let i = 0; ; i++) {
        const ticket = tickets[i % tickets.length]!;
        yield {
          prompt: ticket.question,
          outputTokens: ticket.answerTokens,
          ...(tokenizer === undefined ? {} : { promptTokens: tokenizer.count(ticket.question) }),
        };
      }
    },
  };
}

const tickets: SupportTicket[] = [
  {
    question: 'How do I reset my password if I no longer have access to my email?',
    answerTokens: 48,
  },
  { question: 'Why was I charged twice this month?', answerTokens: 32 },
  { question: 'Can I export my data as CSV?', answerTokens: 16 },
  {
    question: 'The app crashes when I upload a photo larger than 10 MB. What can I do?',
    answerTokens: 64,
  },
];

const report = await runBenchmark({
  target: 'mock',
  data: createTicketDataSource(tickets),
  tokenizer: 'word',
  profile: 'constant',
  rate: 8,
  maxRequests: 12,
  retainRequests: true,
});

const benchmark = report.benchmarks[0]!;
// The report names the source it ran with, so a saved report says where its prompts came from.
console.log(`data: ${JSON.stringify(report.args['data'])}`);
for (const request of benchmark.requests!.slice(0, 4)) {
  console.log(`${request.promptTokens} prompt tokens -> ${request.outputTokens} output tokens`);
}
const budgets = new Set(benchmark.requests!.map((request) => request.outputTokens));
if (benchmark.requestCounts.successful !== 12 || budgets.size !== tickets.length) process.exit(1);
