/**
 * Every wire method and its preconditions, in one place (§3.0). A name missing
 * here answers `unknown_method`.
 */
import * as catalogMethods from './methods/catalog-methods.js';
import * as connectionMethods from './methods/connection-methods.js';
import * as dataMethods from './methods/data-methods.js';
import * as jobMethods from './methods/job-methods.js';
import * as sessionMethods from './methods/session-methods.js';
import { attached, attachedOrDeleted, authenticated, open, unattached, type MethodSpec } from './methods/method-call.js';

export const METHOD_TABLE: ReadonlyMap<string, MethodSpec> = new Map<string, MethodSpec>([
  ['auth', open(connectionMethods.auth)],
  ['ping', authenticated(connectionMethods.ping)],
  ['info', authenticated(connectionMethods.info)],

  ['algorithms', authenticated(catalogMethods.listAlgorithms)],
  ['algorithm.describe', authenticated(catalogMethods.describeAlgorithm)],
  ['decomp.algorithms', authenticated(catalogMethods.listDecompAlgorithms)],
  ['decomp.algorithm.describe', authenticated(catalogMethods.describeDecompAlgorithm)],
  ['cluster.algorithms', authenticated(catalogMethods.listClusterAlgorithms)],
  ['cluster.algorithm.describe', authenticated(catalogMethods.describeClusterAlgorithm)],
  ['resampler.describe', authenticated(catalogMethods.describeResampler)],
  ['preprocessor.describe', authenticated(catalogMethods.describePreprocessor)],

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

  ['train', attached(jobMethods.train)],
  ['decomp', attached(jobMethods.decomp)],
  ['cluster', attached(jobMethods.cluster)],
  ['job.list', attached(jobMethods.listJobs)],
  ['job.status', attached(jobMethods.jobStatus)],
  ['job.cancel', attached(jobMethods.cancelJob)],
  ['job.result', attached(jobMethods.jobResult)],
  ['job.delete', attached(jobMethods.deleteJob)],
  ['job.save', attached(jobMethods.saveJob)],
  ['dialog.choose_dir', authenticated(jobMethods.chooseDirectory)],
]);
