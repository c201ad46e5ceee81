import type { Generated, Selectable } from 'kysely';

export interface CommunityPostImagesTable {
  id: string;
  organizationId: string;
  postId: string;
  /** A private storage object: served only by the community module, to the post's readers. */
  objectId: string;
  alt: string;
  width: number;
  height: number;
  position: Generated<number>;
  createdAt: Generated<Date>;
}
export type PostImageRow = Selectable<CommunityPostImagesTable>;
