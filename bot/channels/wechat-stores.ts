import type { WechatStores } from '../../channels/wechat/adapter';
import type { Database } from '../db/database';
import { deliveryFile } from '../delivery/files';
import { poolSql } from '../db/sql';
import { isActiveIdentity } from '../store/identities';

/** The database side of the WeChat adapter: eSIM files, and which groups are linked to a reseller. */
export function wechatStores(db: Database): WechatStores {
  return {
    file: (url) => deliveryFile(db, url),
    async isLinkedRoom(roomId) {
      return isActiveIdentity(poolSql(db.pool), 'wechat', `room:${roomId}`);
    },
  };
}
