import type { WechatStores } from '../../channels/wechat/adapter';
import type { Database } from '../db/database';
import { deliveryFile } from '../delivery/files';
import { poolSql } from '../db/sql';

/** The database side of the WeChat adapter: eSIM files, and which groups are linked to a reseller. */
export function wechatStores(db: Database): WechatStores {
  return {
    file: (url) => deliveryFile(db, url),
    async isLinkedRoom(roomId) {
      const rows = await poolSql(db.pool).query(`SELECT 1 FROM channel_identities WHERE channel = 'wechat' AND address = $1 AND active`, [`room:${roomId}`]);
      return rows.length > 0;
    },
  };
}
