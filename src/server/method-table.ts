/**
 * Every wire method and its preconditions, in one place (§3.0). A name missing
 * here answers `unknown_method`.
 */
import * as connectionMethods from './methods/connection-methods.js';
import * as dataMethods from './methods/data-methods.js';
import * as sessionMethods from './methods/session-methods.js';
import { attached, attachedOrDeleted, authenticated, open, unattached, type MethodSpec } from './methods/method-call.js';

export const METHOD_TABLE: ReadonlyMap<string, MethodSpec> = new Map<string, MethodSpec>([
  ['auth', open(connectionMethods.auth)],
  ['ping', authenticated(connectionMethods.ping)],
  ['info', authenticated(connectionMethods.info)],

  ['session.list', authenticated(sessionMethods.listSessions)],
  ['session.create', unattached(sessionMethods.createSession)],
  ['session.join', unattached(sessionMethods.joinSession)],
  ['session.detach', attachedOrDeleted(sessionMethods.detachSession)],
  ['session.rename', attached(sessionMethods.renameSession)],
  ['session.delete', attached(sessionMethods.deleteSession)],
  ['session.info', attached(sessionMethods.sessionInfo)],

  ['data.upload', attached(dataMethods.upload)],
  ['data.upload.begin', attached(dataMethods.beginUpload)],
  ['data.upload.chunk', attached(dataMethods.uploadChunk)],
  ['data.upload.end', attached(dataMethods.endUpload)],
  ['data.upload.cancel', attached(dataMethods.cancelUpload)],
  ['data.list', attached(dataMethods.listData)],
  ['data.describe', attached(dataMethods.describeData)],
  ['data.delete', attached(dataMethods.deleteData)],
]);
