// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title TestSmartAccount — the smallest smart account Hushlog's tests need. NOT for real use.
/// @notice One owner EOA. Signatures are valid (ERC-1271) when the owner signed the hash itself, and the owner
/// can make the account call any contract, so Hushlog logs show the account as `sender`.
/// @dev Real accounts bind the account address into what the owner signs (e.g. ERC-7739), so one owner's
/// signature cannot be replayed for another account it owns; this test account deliberately does not.
contract TestSmartAccount {
    bytes4 private constant ERC1271_MAGIC = 0x1626ba7e;
    bytes4 private constant ERC1271_INVALID = 0xffffffff;
    /// secp256k1 order / 2: signatures with a higher s are malleable copies and are refused.
    uint256 private constant HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    address public immutable owner;

    error NotOwner();

    constructor(address owner_) {
        owner = owner_;
    }

    /// ERC-1271: the magic value iff `signature` is the owner's 65-byte ECDSA signature of `hash`.
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        if (signature.length != 65) return ERC1271_INVALID;
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (uint256(s) > HALF_ORDER) return ERC1271_INVALID;
        address signer = ecrecover(hash, v, r, s);
        return signer != address(0) && signer == owner ? ERC1271_MAGIC : ERC1271_INVALID;
    }

    /// Calls `target` with `data` as this account; only the owner may. Reverts with the callee's revert data.
    function execute(address target, bytes calldata data) external payable returns (bytes memory result) {
        if (msg.sender != owner) revert NotOwner();
        bool ok;
        (ok, result) = target.call{value: msg.value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
    }
}
