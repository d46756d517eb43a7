// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {TestSmartAccount} from "./TestSmartAccount.sol";

/// @title TestSmartAccountFactory — CREATE2 factory for counterfactual (ERC-6492) tests. NOT for real use.
/// @notice An account's address is known before it exists: it depends only on this factory, the owner and
/// the salt. `deploy` is idempotent, as ERC-6492 verifiers expect of factories.
contract TestSmartAccountFactory {
    event Deployed(address indexed account, address indexed owner, bytes32 salt);

    function deploy(address owner, bytes32 salt) external returns (address account) {
        account = addressOf(owner, salt);
        if (account.code.length != 0) return account;
        new TestSmartAccount{salt: salt}(owner);
        emit Deployed(account, owner, salt);
    }

    function addressOf(address owner, bytes32 salt) public view returns (address) {
        bytes32 initCodeHash = keccak256(abi.encodePacked(type(TestSmartAccount).creationCode, abi.encode(owner)));
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, initCodeHash)))));
    }
}
