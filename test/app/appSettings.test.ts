import { describe, expect, it } from "vitest";
import { MAX_CONFIRMATIONS, parseSettings, settingsToInput } from "../../app/src/boot/AppSettings.ts";

describe("the app's settings", () => {
  it("accepts valid values (checksumming the contract) and explains each invalid one", () => {
    const valid = parseSettings({ rpcUrl: " https://rpc.example/v1 ", contract: "0x5fbdb2315678afecb367f032d93f642f64180aa3", deployBlock: "12", confirmations: "3" });
    expect(valid).toEqual({
      settings: { rpcUrl: "https://rpc.example/v1", contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3", deployBlock: 12n, confirmations: 3 },
      problems: {},
    });
    const invalid = parseSettings({ rpcUrl: "rpc.example", contract: "0x1234", deployBlock: "-1", confirmations: String(MAX_CONFIRMATIONS + 1), prekeys: "maybe" });
    expect(invalid.settings).toEqual({});
    expect(Object.keys(invalid.problems).sort()).toEqual(["confirmations", "contract", "deployBlock", "prekeys", "rpcUrl"]);
    expect(parseSettings({ prekeys: "OFF" }).settings).toEqual({ prekeys: false });
    expect(parseSettings({ ens: "OFF" }).settings).toEqual({ ens: false });
    expect(parseSettings({ ens: "maybe", ensRegistry: "0x1234", ensRpcUrl: "ws://eth.example" }).problems).toEqual({
      ens: expect.any(String),
      ensRegistry: expect.any(String),
      ensRpcUrl: expect.any(String),
    });
    // Empty fields are absent, not invalid: the next source (or the default) gives them.
    expect(parseSettings({ rpcUrl: "", contract: "  " })).toEqual({ settings: {}, problems: {} });
  });

  it("round-trips through the form's strings", () => {
    const settings = { rpcUrl: "http://127.0.0.1:8545", contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const, deployBlock: 1n, confirmations: 2, prekeys: false, ens: false, ensRegistry: "0x00000000000C2E074eC69A0dFb2997BA6C7d2e1e" as const, ensRpcUrl: "https://eth.example" };
    expect(parseSettings(settingsToInput(settings)).settings).toEqual(settings);
  });
});
