// `npm run mock-endpoint [-- --port 8787] [--reject-suffix] [--profile llamacpp|vllm|ollama|lmstudio|openrouter|openai]`:
// a local OpenAI-compatible server to try Gearshift offline, optionally behaving like a real server.
// Stops on Ctrl+C.
import { startMockServer } from './mockServer';
import { PROFILE_NAMES, isProfileName, serverProfile } from './profiles';

function argValue(name: string): string | undefined {
  const args = process.argv.slice(2);
  const inline = args.find((arg) => arg.startsWith(`${name}=`));
  if (inline) return inline.slice(name.length + 1);
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(): Promise<void> {
  const port = Number(argValue('--port') ?? process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Not a port number: ${argValue('--port')}`);
    process.exit(2);
  }
  const profileName = argValue('--profile');
  if (profileName !== undefined && !isProfileName(profileName)) {
    console.error(`Unknown profile "${profileName}"; one of: ${PROFILE_NAMES.join(', ')}`);
    process.exit(2);
  }
  const profile = profileName ? serverProfile(profileName) : undefined;
  const server = await startMockServer({ port, rejectSuffix: process.argv.includes('--reject-suffix'), profile });
  console.log(`Gearshift mock endpoint listening at ${server.url}${profile ? ` (behaving like ${profile.name})` : ''}`);
  console.log('');
  console.log('Point Gearshift at it: set "gearshift.endpoint.baseUrl" to');
  console.log(`  ${server.url}`);
  console.log('(or run "Gearshift: Choose Endpoint" → Custom). No API key is needed.');
  console.log(`Script answers and faults: POST ${server.origin}/__mock/script, see requests: GET ${server.origin}/__mock/requests`);
  console.log('Press Ctrl+C to stop.');
  const stop = () => {
    server.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(code === 'EADDRINUSE' ? 'That port is in use; pick another with --port N.' : String(error));
  process.exit(1);
});
