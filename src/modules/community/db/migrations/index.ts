import type { Migration } from '../../../../platform/db/migrator.js';
import * as createGroups from './20261201T1000-community-create-groups.js';
import * as mentionsNotifications from './20261201T1010-community-mentions-notifications.js';
import * as followsFeed from './20261201T1020-community-follows-feed.js';
import * as noticeEmail from './20261201T1030-community-notice-email.js';
import * as moderation from './20261201T1040-community-moderation.js';
import * as feedReach from './20261201T1050-community-feed-reach.js';
import * as messages from './20261201T2200-community-messages.js';
import * as search from './20261201T2200-community-search.js';
import * as images from './20261201T2210-community-images.js';
import * as groupsList from './20261202T0800-community-groups-list.js';
import * as followeePosted from './20261202T2330-community-followee-posted.js';
import * as groupPosted from './20261203T0800-community-group-posted.js';

export const communityMigrations: Migration[] = [
  { name: '20261201T1000-community-create-groups', ...createGroups },
  { name: '20261201T1010-community-mentions-notifications', ...mentionsNotifications },
  { name: '20261201T1020-community-follows-feed', ...followsFeed },
  { name: '20261201T1030-community-notice-email', ...noticeEmail },
  { name: '20261201T1040-community-moderation', ...moderation },
  { name: '20261201T1050-community-feed-reach', ...feedReach },
  { name: '20261201T2200-community-messages', ...messages },
  { name: '20261201T2200-community-search', ...search },
  { name: '20261201T2210-community-images', ...images },
  { name: '20261202T0800-community-groups-list', ...groupsList },
  { name: '20261202T2330-community-followee-posted', ...followeePosted },
  { name: '20261203T0800-community-group-posted', ...groupPosted },
];
