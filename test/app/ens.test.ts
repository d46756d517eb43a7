import { createClient, custom, getAddress, HttpRequestError, type Address, type Client } from "viem";
import { normalize } from "viem/ens";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnsResolver } from "../../app/src/lib/ens/createEnsResolver.ts";
import { ensAvatarUrl } from "../../app/src/lib/ens/ensAvatarUrl.ts";
import { findEnsResolver } from "../../app/src/lib/ens/findEnsResolver.ts";
import { isDisplayableEnsName } from "../../app/src/lib/ens/isDisplayableEnsName.ts";
import { lookupEnsProfile } from "../../app/src/lib/ens/lookupEnsProfile.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { deployEns, type EnsDeployment } from "../fixtures/deployEns.ts";

let chain: TestChain;
let ens: EnsDeployment;
const wallet = (i: number) => chain.walletClients[i]!;
const address = (i: number) => getAddress(wallet(i).account.address);
const aliceAvatar = "https://avatars.example/alice.png";

/** A client on the test chain that counts the JSON-RPC requests it makes (every call goes to the real chain). */
function countingClient(): { client: Client; requests: string[] } {
  const requests: string[] = [];
  const client = createClient({
    transport: custom({
      request: (args: { method: string; params?: unknown }) => {
        requests.push(args.method);
        return chain.provider.request(args as never);
      },
    }),
  });
  return { client, requests };
}

beforeAll(async () => {
  chain = await createTestChain();
  ens = await deployEns(wallet(0), chain.publicClient);
  // alice: the full setup (name, addr, avatar, reverse record).
  await ens.register(wallet(1), "alice", { texts: { avatar: aliceAvatar } });
  await ens.setReverseName(wallet(1), "alice.eth");
  // mallory: claims alice.eth in her own reverse record (anyone can), which alice.eth's addr contradicts.
  await ens.setReverseName(wallet(2), "alice.eth");
  // dave: a name whose avatar is an NFT reference the app does not resolve.
  await ens.register(wallet(4), "dave", { texts: { avatar: "eip155:1/erc721:0xb47e3cd837dDF8e4c57F05d70Ab865de6e193BBB/1" } });
  await ens.setReverseName(wallet(4), "dave.eth");
  // erin: a reverse record naming a name nobody registered (no resolver for it).
  await ens.setReverseName(wallet(5), "nobody.eth");
  // frank: a name with an upper-case letter (not normalized: ENSIP-15 would lower-case it, so it is not shown).
  await ens.register(wallet(6), "frank");
  await ens.setReverseName(wallet(6), "Frank.eth");
  // (account 3, bob, has no ENS at all.)
});
afterAll(() => chain.close());

describe("ENS lookup against the real ENS contracts (ENSRegistry, ReverseRegistrar, PublicResolver) on a local chain", () => {
  it("resolves alice's reverse record, verifies it forward and reads her avatar, in 5 eth_calls", async () => {
    const { client, requests } = countingClient();
    expect(await lookupEnsProfile(client, address(1), ens.registry)).toEqual({ name: "alice.eth", avatar: aliceAvatar });
    expect(requests).toEqual(Array(5).fill("eth_call"));
    // A lower-case address is the same account.
    expect((await lookupEnsProfile(client, address(1).toLowerCase() as Address, ens.registry)).name).toBe("alice.eth");
  });

  it("shows no name for a reverse record whose name resolves to someone else (or to nothing)", async () => {
    const { client } = countingClient();
    expect(await lookupEnsProfile(client, address(2), ens.registry)).toEqual({ name: null, avatar: null, reason: "unverified" });
    expect(await lookupEnsProfile(client, address(5), ens.registry)).toEqual({ name: null, avatar: null, reason: "unverified" });
    expect(await lookupEnsProfile(client, address(6), ens.registry)).toEqual({ name: null, avatar: null, reason: "not-displayable" });
  });

  it("no reverse resolver: no name after one call; no registry at the address: no name", async () => {
    const { client, requests } = countingClient();
    expect(await lookupEnsProfile(client, address(3), ens.registry)).toEqual({ name: null, avatar: null, reason: "no-resolver" });
    expect(requests).toEqual(["eth_call"]);
    expect(await lookupEnsProfile(client, address(1), chain.deployment.address)).toMatchObject({ name: null, reason: "no-registry" });
    expect(await lookupEnsProfile(client, address(1), "0x00000000000000000000000000000000000e45e5")).toMatchObject({ name: null, reason: "no-registry" });
  });

  it("keeps the name but not an avatar it cannot load (an NFT reference)", async () => {
    const { client } = countingClient();
    expect(await lookupEnsProfile(client, address(4), ens.registry)).toEqual({ name: "dave.eth", avatar: null });
  });

  it("a failing RPC gives no name and a typed reason, never a throw", async () => {
    const down = createClient({
      transport: custom({
        request: async () => {
          throw new HttpRequestError({ url: "https://rpc.example", status: 503, details: "Service Unavailable" });
        },
      }),
    });
    const profile = await lookupEnsProfile(down, address(1), ens.registry);
    expect(profile).toMatchObject({ name: null, avatar: null, reason: "failed" });
    expect(String(profile.error)).toContain("503");
  });
});

describe("the ENS cache", () => {
  it("serves names and no-names from memory until they expire, and shares a lookup in flight", async () => {
    const { client, requests } = countingClient();
    let clock = 1_000_000;
    const resolver = createEnsResolver({ client, registry: ens.registry, source: "chain", now: () => clock });
    const [first, second] = await Promise.all([resolver.lookup(address(1)), resolver.lookup(address(1).toLowerCase() as Address)]);
    expect(first).toBe(second);
    expect(requests.length).toBe(5);
    expect(resolver.cached(address(1))?.name).toBe("alice.eth");
    await resolver.lookup(address(1));
    expect((await resolver.lookup(address(3))).reason).toBe("no-resolver");
    expect(requests.length).toBe(6);
    await resolver.lookup(address(3));
    expect(requests.length).toBe(6);
    // 16 minutes on: the "no name" has expired (15 min), the name has not (1 h).
    clock += 16 * 60_000;
    await resolver.lookup(address(1));
    await resolver.lookup(address(3));
    expect(requests.length).toBe(7);
    clock += 60 * 60_000;
    expect(resolver.cached(address(1))).toBeUndefined();
    await resolver.lookup(address(1));
    expect(requests.length).toBe(12);
  });

  it("caches a failure for a minute and reports it once", async () => {
    let clock = 0;
    let calls = 0;
    const failures: Address[] = [];
    const down = createClient({
      transport: custom({
        request: async () => {
          calls++;
          throw new Error("connection refused");
        },
      }),
    });
    const resolver = createEnsResolver({ client: down, registry: ens.registry, source: "mainnet", now: () => clock, onFailure: (a) => failures.push(a) });
    expect((await resolver.lookup(address(1))).reason).toBe("failed");
    expect((await resolver.lookup(address(1))).reason).toBe("failed");
    const afterFirst = calls;
    expect(failures).toEqual([address(1)]);
    clock += 61_000;
    await resolver.lookup(address(1));
    expect(calls).toBeGreaterThan(afterFirst);
    expect(failures).toHaveLength(2);
  });
});

describe("where names are looked up", () => {
  it("the chain in use when it has the registry; else the mainnet RPC if one is set; else nowhere", async () => {
    const { client, requests } = countingClient();
    const onChain = await findEnsResolver({ chainClient: client, registry: ens.registry, mainnetRpcUrl: "https://eth.example" });
    expect(onChain?.source).toBe("chain");
    expect(requests).toEqual(["eth_getCode"]);
    expect((await onChain!.lookup(address(1))).name).toBe("alice.eth");
    const unregistered = "0x00000000000000000000000000000000000e45e5";
    expect(await findEnsResolver({ chainClient: client, registry: unregistered, mainnetRpcUrl: null })).toBeNull();
    // The mainnet resolver asks nothing until a name is needed (and is not reachable here: no request is made).
    expect((await findEnsResolver({ chainClient: client, registry: unregistered, mainnetRpcUrl: "https://eth.example" }))?.source).toBe("mainnet");
  });
});

describe("names and avatars the app shows", () => {
  it("shows only ASCII names that ENSIP-15 normalization leaves as they are", () => {
    const shown = ["alice.eth", "vitalik.eth", "a-b.c.eth", "0x1234.eth", "_dmarc.example.eth", "sub.domain.xyz"];
    for (const name of shown) {
      expect(isDisplayableEnsName(name), name).toBe(true);
      // The cross-check against the full normaliser (which the app does not bundle): these names are normalized.
      expect(normalize(name), name).toBe(name);
    }
    const hidden = ["Alice.eth", "alice", "", "al ice.eth", "alice..eth", "xn--80ak6aa92e.eth", "💩.eth", "аpple.eth", "alice.eth\u200b", "a_b.eth"];
    for (const name of hidden) expect(isDisplayableEnsName(name), name).toBe(false);
  });

  it("loads https, http and data:image avatars; not NFT, IPFS or script URLs", () => {
    expect(ensAvatarUrl(" https://x.example/a.png ")).toBe("https://x.example/a.png");
    expect(ensAvatarUrl("http://x.example/a.png")).toBe("http://x.example/a.png");
    expect(ensAvatarUrl("data:image/png;base64,iVBORw0KGgo=")).toBe("data:image/png;base64,iVBORw0KGgo=");
    for (const record of ["", null, "eip155:1/erc721:0xb47e3cd837dDF8e4c57F05d70Ab865de6e193BBB/1", "ipfs://QmX", "javascript:alert(1)", "data:text/html,<script>", "https://"]) {
      expect(ensAvatarUrl(record), String(record)).toBeNull();
    }
    expect(ensAvatarUrl(`data:image/png;base64,${"A".repeat(70_000)}`)).toBeNull();
  });
});
