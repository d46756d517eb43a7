// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { createClient, custom, getAddress, type Client } from "viem";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createEnsResolver } from "../../app/src/lib/ens/createEnsResolver.ts";
import { EnsResolverContext } from "../../app/src/lib/ens/EnsResolverContext.ts";
import { MyAddress } from "../../app/src/ui/MyAddress.tsx";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { deployEns, type EnsDeployment } from "../fixtures/deployEns.ts";

let chain: TestChain;
let ens: EnsDeployment;
const avatar = "https://avatars.example/alice.png";

beforeAll(async () => {
  chain = await createTestChain();
  ens = await deployEns(chain.walletClients[0]!, chain.publicClient);
  await ens.register(chain.walletClients[1]!, "alice", { texts: { avatar } });
  await ens.setReverseName(chain.walletClients[1]!, "alice.eth");
  await ens.setReverseName(chain.walletClients[2]!, "alice.eth");
});
afterAll(() => chain.close());
afterEach(() => cleanup());

describe("the app's header account with ENS (useEnsProfile, PeerFace)", () => {
  it("shows the verified name and the avatar, the identicon when the image fails, and the address for an impostor", async () => {
    let requests = 0;
    const client: Client = createClient({
      transport: custom({
        request: (args: { method: string }) => {
          requests++;
          return chain.provider.request(args as never);
        },
      }),
    });
    const resolver = createEnsResolver({ client, registry: ens.registry, source: "chain" });
    const alice = getAddress(chain.walletClients[1]!.account.address);
    const view = render(
      <EnsResolverContext.Provider value={resolver}>
        <MyAddress address={alice} />
      </EnsResolverContext.Provider>,
    );
    const account = screen.getByTestId("account");
    await waitFor(() => expect(account.textContent).toBe("alice.eth"));
    const img = account.querySelector("img")!;
    expect(img.getAttribute("src")).toBe(avatar);
    expect(img.getAttribute("referrerpolicy")).toBe("no-referrer");
    fireEvent.error(img);
    expect(account.querySelector("img")).toBeNull();
    expect(account.querySelector("svg.identicon")).not.toBeNull();
    expect(requests).toBe(5);

    // Remounted (a list re-rendering), the name is there at once, from the cache: no request.
    view.unmount();
    render(
      <EnsResolverContext.Provider value={resolver}>
        <MyAddress address={alice} />
      </EnsResolverContext.Provider>,
    );
    expect(screen.getByTestId("account").textContent).toBe("alice.eth");
    expect(requests).toBe(5);
    cleanup();

    const mallory = getAddress(chain.walletClients[2]!.account.address);
    render(
      <EnsResolverContext.Provider value={resolver}>
        <MyAddress address={mallory} />
      </EnsResolverContext.Provider>,
    );
    await waitFor(() => expect(resolver.cached(mallory)?.reason).toBe("unverified"));
    expect(screen.getByTestId("account").textContent).toBe(`${mallory.slice(0, 6)}…${mallory.slice(-4)}`);
    expect(screen.getByTestId("account").querySelector("img")).toBeNull();
  });
});
