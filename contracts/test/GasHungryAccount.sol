// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title GasHungryAccount — a smart account whose ERC-1271 check never finishes. NOT for real use.
/// @notice Tests that running out of the gas a verifier allows is "unverifiable", never "forged".
contract GasHungryAccount {
    function isValidSignature(bytes32, bytes calldata) external pure returns (bytes4) {
        uint256 spent;
        while (true) spent++;
    }
}
