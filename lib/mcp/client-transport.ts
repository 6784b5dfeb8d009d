import type {
  Transport,
  TransportSendOptions,
} from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, RequestId } from '@modelcontextprotocol/sdk/types.js';

/**
 * The SDK transport as our Client sees it, through the Transport contract only. It lets the
 * client end one of its own requests whose answer can no longer arrive (the stream broke, or the
 * answer passed the read cap) as if the server had answered, and it sees the negotiated protocol
 * version when the Client hands it over (the SSE transport keeps it private). Nothing of the
 * SDK's is patched or reached into.
 */
export class ClientSideTransport implements Transport {
  onclose?: Transport['onclose'];
  onerror?: Transport['onerror'];
  onmessage?: Transport['onmessage'];
  private negotiated: string | undefined;

  constructor(private readonly inner: Transport) {}

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  /** the protocol version initialize settled on, once it has */
  get protocolVersion(): string | undefined {
    return this.negotiated;
  }

  async start(): Promise<void> {
    this.inner.onmessage = (message, extra) => this.onmessage?.(message, extra);
    this.inner.onerror = (error) => this.onerror?.(error);
    this.inner.onclose = () => this.onclose?.();
    await this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  setProtocolVersion(version: string): void {
    this.negotiated = version;
    this.inner.setProtocolVersion?.(version);
  }

  /** Ends a request of ours with this JSON-RPC error, as the server's answer would. */
  failRequest(id: RequestId, error: { code: number; message: string; data?: unknown }): void {
    this.onmessage?.({ jsonrpc: '2.0', id, error });
  }
}
