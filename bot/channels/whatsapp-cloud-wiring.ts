import { GraphApi } from '../../channels/whatsapp-cloud/graph-api';
import type { CloudStores } from '../../channels/whatsapp-cloud/adapter';
import { whatsAppCloudOn, type Config } from '../config';
import type { Database } from '../db/database';
import { poolSql } from '../db/sql';
import { deliveryFile } from '../delivery/files';
import { lastInboundAt, recordPart, sentParts } from '../store/outbox-parts';

/** The Graph API client of the configured number; null when the Cloud API adapter is off. */
export function whatsAppCloudGraph(config: Config): GraphApi | null {
  if (!whatsAppCloudOn(config)) return null;
  return new GraphApi({ baseUrl: config.WHATSAPP_CLOUD_GRAPH_URL, accessToken: config.WHATSAPP_CLOUD_ACCESS_TOKEN!, phoneNumberId: config.WHATSAPP_CLOUD_PHONE_NUMBER_ID! });
}

/** The database side of the Cloud API adapter. */
export function whatsAppCloudStores(db: Database): CloudStores {
  const sql = () => poolSql(db.pool);
  return {
    file: (url) => deliveryFile(db, url),
    lastInboundAt: (key) => lastInboundAt(sql(), key),
    sentParts: (key) => sentParts(sql(), 'whatsapp', key),
    recordPart: (key, part, externalId) => recordPart(sql(), 'whatsapp', key, part, externalId),
  };
}
